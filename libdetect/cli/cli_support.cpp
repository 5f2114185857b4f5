#include "cli_support.hpp"

#include <libdetect/error.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace libdetect::cli {

AtomicFile::AtomicFile(const std::string& target) : target_(target) {
    // mkstemp creates the temporary with O_CREAT | O_EXCL: a link planted
    // under the temporary's name is never followed; rename() then replaces
    // the target's directory entry, never writing through a link at it.
    std::string pattern = target + ".partial-XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) throw IoError("cannot write '" + target + "'");
    temporary_ = pattern;
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::write(const void* data, std::size_t size) {
    const char* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd_, bytes, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw IoError("cannot write '" + target_ + "'");
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    const int fd = fd_;
    fd_ = -1;
    if (::fchmod(fd, 0644) != 0 || ::close(fd) != 0 || ::rename(temporary_.c_str(), target_.c_str()) != 0)
        throw IoError("cannot write '" + target_ + "'");
    temporary_.clear();
}

void write_file_atomically(const std::string& path, const std::string& content) {
    AtomicFile file(path);
    file.write(content.data(), content.size());
    file.commit();
}

void write_file_atomically(const std::string& path, const std::vector<std::uint8_t>& content) {
    AtomicFile file(path);
    file.write(content.data(), content.size());
    file.commit();
}

void write_output(const std::string& path, const std::string& content) {
    if (path.empty()) std::cout << content << std::flush;
    else write_file_atomically(path, content);
}

namespace {

std::filesystem::path resolved(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
    return ec ? std::filesystem::path(path).lexically_normal() : p;
}

}  // namespace

EvidenceGuard::EvidenceGuard(const std::vector<std::string>& arguments, const std::vector<std::string>& inputs) {
    for (const auto& input : inputs) files_.insert(resolved(input).string());
    for (const auto& argument : arguments) {
        std::error_code ec;
        if (std::filesystem::is_directory(argument, ec)) folders_.push_back(resolved(argument));
    }
}

void EvidenceGuard::check(const std::string& output) const {
    if (output.empty()) return;
    const std::filesystem::path target = resolved(output);
    if (files_.count(target.string()))
        throw InvalidArgument("refusing to write '" + output + "': it is one of the inputs (evidence is never overwritten)");
    for (const auto& folder : folders_) {
        const auto end = std::mismatch(folder.begin(), folder.end(), target.begin(), target.end()).first;
        if (end == folder.end())
            throw InvalidArgument("refusing to write '" + output + "': it lies inside the input folder '" +
                                  folder.string() + "' (evidence folders are never written to)");
    }
}

ProgressCallback progress_reporter(std::size_t inputs) {
    constexpr std::size_t kMinInputsForProgress = 4;
    if (inputs < kMinInputsForProgress || !isatty(STDERR_FILENO)) return {};
    return [](std::size_t done, std::size_t total) {
        std::cerr << "\rprocessed " << done << "/" << total << (done == total ? "\n" : "")
                  << std::flush;
    };
}

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> items;
    std::stringstream stream(list);
    for (std::string item; std::getline(stream, item, ',');)
        if (!item.empty()) items.push_back(item);
    return items;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace libdetect::cli
