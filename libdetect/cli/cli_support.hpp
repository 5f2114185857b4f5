// What the subcommands share: output files, progress, CSV fields.
#pragma once

#include <libdetect/options.hpp>

#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace libdetect::cli {

// Writes a whole file at once through a temporary beside it, so a reader
// never sees partial output. Throws libdetect::IoError.
void write_file_atomically(const std::string& path, const std::string& content);

// Prints to stdout when `path` is empty, else writes the file atomically.
void write_output(const std::string& path, const std::string& content);

// "<dir>/<stem>.<analyzer>.png", with "-2", "-3"... before ".png" when an
// earlier input of the same scan already took the name (recorded in `taken`).
std::string heatmap_path(const std::string& directory, const std::string& input,
                         const std::string& analyzer, std::set<std::string>& taken);

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
