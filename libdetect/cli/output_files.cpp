#include "output_files.hpp"

#include <libdetect/error.hpp>

#include <filesystem>
#include <fstream>

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

std::string heatmap_path(const std::string& directory, const std::string& input,
                         const std::string& analyzer, std::set<std::string>& taken) {
    const std::string base = (std::filesystem::path(directory) /
                              std::filesystem::path(input).stem()).string() + "." + analyzer;
    std::string candidate = base + ".png";
    for (int n = 2; !taken.insert(candidate).second; ++n)
        candidate = base + "-" + std::to_string(n) + ".png";
    return candidate;
}

}  // namespace libdetect::cli
