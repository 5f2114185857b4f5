// What the subcommands share: output files, progress, CSV fields.
#pragma once

#include <libdetect/options.hpp>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace libdetect::cli {

// A file written through a new temporary beside it and renamed into place
// by commit(), so that a reader never sees partial output and no link at the
// target is followed; dropped without commit(), the temporary is removed.
// Throws libdetect::IoError.
class AtomicFile {
public:
    explicit AtomicFile(const std::string& target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t size);
    void write(const std::string& text) { write(text.data(), text.size()); }
    void commit();

private:
    std::string target_;
    std::string temporary_;
    int fd_ = -1;
};

// Writes a whole file at once (AtomicFile). Throws libdetect::IoError.
void write_file_atomically(const std::string& path, const std::string& content);
void write_file_atomically(const std::string& path, const std::vector<std::uint8_t>& content);

// Prints to stdout when `path` is empty, else writes the file atomically.
void write_output(const std::string& path, const std::string& content);

// Keeps outputs off the evidence: check() throws InvalidArgument when an
// output path is one of the input files or lies inside a folder given as
// input (`arguments`, before expansion). Links are resolved first.
class EvidenceGuard {
public:
    EvidenceGuard(const std::vector<std::string>& arguments, const std::vector<std::string>& inputs);
    void check(const std::string& output) const;

private:
    std::set<std::string> files_;
    std::vector<std::filesystem::path> folders_;
};

// A "scanned k/n" line on stderr, only when stderr is a terminal and there
// are enough inputs for it to help; otherwise an empty callback.
ProgressCallback progress_reporter(std::size_t inputs);

// Splits "a,b,c" into its non-empty items.
std::vector<std::string> split_list(const std::string& list);

// One CSV field, quoted (RFC 4180) when it holds a comma, quote or newline.
std::string csv_field(const std::string& text);

// Writes the output, names each failed input on stderr and returns the exit
// code of a batch: 1 when any input failed, else 0.
template <typename Outcome>
int finish_batch(const std::string& out, const std::string& text, const std::vector<Outcome>& outcomes) {
    write_output(out, text);
    int code = 0;
    for (const auto& outcome : outcomes) {
        if (outcome.ok()) continue;
        std::cerr << "libdetect: " << outcome.file << ": " << outcome.error_message << "\n";
        code = 1;
    }
    return code;
}

}  // namespace libdetect::cli
