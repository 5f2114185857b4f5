#pragma once

#include <libdetect/export.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

LIBDETECT_NAMESPACE_BEGIN

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

    // Where the learned models and their manifest.json are. Empty: the
    // LIBDETECT_MODEL_DIR environment variable, else the installed models
    // (share/libdetect/models), else the source tree's models/. The `model`
    // analyzer loads its network from there when the Detector is built and
    // throws ModelError if it is missing or does not match the manifest.
    std::string model_dir;

    // Intra-op threads of one network evaluation (per analyze call). Batch
    // scans already run one image per worker thread, so 1 is the default.
    int model_threads = 1;

    // dlib's 68-point face landmark model for the `face` analyzer. Empty:
    // Debian's /usr/share/dlib/shape_predictor_68_face_landmarks.dat
    // (package libdlib-data). Missing or unreadable: ModelError when the
    // Detector is built.
    std::string face_landmarks_model;

    // The `face` analyzer analyses at most this many faces (the strongest
    // detections); the report says when faces were left out.
    int max_faces = 32;

    // Compute heatmaps (costs memory; disable for hash-only triage).
    bool heatmaps = true;

    // Put GPS coordinates from the image's metadata into the report. Off by
    // default: reports leave the investigator's hands, and a photo's location
    // may be a survivor's home. Without it the report says only whether GPS
    // data is present.
    bool gps_coordinates = false;
};

// Called as work items finish: (items done, items in total). Called from
// worker threads, one call at a time; exceptions it throws are ignored.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total)>;

// Names of all analyzers this build knows, in pipeline order.
LIBDETECT_API std::vector<std::string> available_analyzers();

LIBDETECT_NAMESPACE_END
