#include "cli_support.hpp"

#include <libdetect/error.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace libdetect::cli {

void write_file_atomically(const std::string& path, const std::string& content) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    fs::path temporary = target;
    temporary += ".partial";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw IoError("cannot write '" + path + "'");
        out << content;
        if (!out.flush()) throw IoError("cannot write '" + path + "'");
    }
    std::error_code ec;
    fs::rename(temporary, target, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw IoError("cannot write '" + path + "'");
    }
}

void write_output(const std::string& path, const std::string& content) {
    if (path.empty()) std::cout << content << std::flush;
    else write_file_atomically(path, content);
}

std::string heatmap_path(const std::string& directory, const std::string& input,
                         const std::string& analyzer, std::set<std::string>& taken) {
    const std::string base = (std::filesystem::path(directory) /
                              std::filesystem::path(input).stem()).string() + "." + analyzer;
    std::string candidate = base + ".png";
    for (int n = 2; !taken.insert(candidate).second; ++n)
        candidate = base + "-" + std::to_string(n) + ".png";
    return candidate;
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
