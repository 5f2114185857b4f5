#pragma once

#include <set>
#include <string>

namespace libdetect::cli {

// Writes a whole file at once through a temporary beside it, so a reader
// never sees partial output. Throws libdetect::IoError.
void write_file_atomically(const std::string& path, const std::string& content);

// "<dir>/<stem>.<analyzer>.png", with "-2", "-3"... before ".png" when an
// earlier input of the same scan already took the name (recorded in `taken`).
std::string heatmap_path(const std::string& directory, const std::string& input,
                         const std::string& analyzer, std::set<std::string>& taken);

}  // namespace libdetect::cli
