#include "commands.hpp"

namespace libdetect::cli {

Limits InputSettings::limits() const {
    Limits limits;
    if (max_pixels) limits.max_pixels = max_pixels;
    if (max_file_bytes) limits.max_file_bytes = max_file_bytes;
    return limits;
}

void add_input_options(CLI::App& command, InputSettings& s, const std::string& paths_option) {
    command.add_option(paths_option, s.paths, "Image files or directories")->required();
    command.add_flag("--recursive,-r", s.recursive, "Descend into sub-directories");
    command.add_option("--threads", s.threads, "Files processed in parallel (0: one per core)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    command.add_option("--max-pixels", s.max_pixels, "Reject images with more pixels");
    command.add_option("--max-file-bytes", s.max_file_bytes, "Reject larger files");
}

void add_output_options(CLI::App& command, std::string& format, const std::vector<std::string>& formats,
                        std::string& out) {
    format = formats.front();
    command.add_option("--format", format, "Output format")->check(CLI::IsMember(formats))->capture_default_str();
    command.add_option("--out,-o", out, "Write to FILE instead of stdout");
}

}  // namespace libdetect::cli
