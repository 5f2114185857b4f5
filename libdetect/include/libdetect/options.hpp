#pragma once

#include <libdetect/export.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace libdetect {

// Resource limits, checked before the expensive work: the file size before it
// is read, the pixel count from the image header before pixels are allocated.
struct Limits {
    std::uint64_t max_file_bytes = 256ull * 1024 * 1024;  // 256 MiB
    std::uint64_t max_pixels = 100'000'000;               // 100 megapixels
};

struct Options {
    // Analyzer names to run, in any order; empty means every default analyzer.
    // Unknown names make the Detector constructor throw InvalidArgument.
    std::vector<std::string> analyzers;

    Limits limits;

    // Worker threads for batch analysis (Detector::analyze_files): 0 means one
    // per hardware thread. A single analyze() call always runs on the caller's
    // thread.
    int threads = 0;

    // Compute heatmaps (costs memory; disable for hash-only triage).
    bool heatmaps = true;
};

// Names of all analyzers this build knows, in pipeline order.
LIBDETECT_API std::vector<std::string> available_analyzers();

}  // namespace libdetect
