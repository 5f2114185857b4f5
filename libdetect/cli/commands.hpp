#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace libdetect::cli {

struct ScanSettings {
    std::vector<std::string> paths;
    std::string format = "json";
    std::string out;        // empty: stdout
    std::string summary;    // text summary file, empty: none
    std::string heatmaps;   // heatmap directory, empty: none
    std::string analyzers;  // comma-separated, empty: all
    bool recursive = false;
    int threads = 0;
    unsigned long long max_pixels = 0;      // 0: library default
    unsigned long long max_file_bytes = 0;  // 0: library default
};

// Registers `scan` on the app; the returned settings are filled by parsing.
void add_scan_command(CLI::App& app, ScanSettings& settings);

// Runs a parsed scan; returns the process exit code.
int run_scan(const ScanSettings& settings);

}  // namespace libdetect::cli
