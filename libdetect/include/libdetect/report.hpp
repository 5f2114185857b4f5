// Plain result types. Every score is in [0, 1] and higher always means "more
// likely manipulated or generated"; a missing score means the analyzer has no
// opinion (not applicable, or it only reports evidence).
#pragma once

#include <libdetect/export.hpp>
#include <libdetect/hashes.hpp>
#include <libdetect/options.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace libdetect {

// A per-region suspicion map in [0, 1], row-major. It may be coarser than the
// image (for example one value per 8x8 block): `width`/`height` are the map's
// own dimensions and it covers the whole image.
struct Heatmap {
    int width = 0;
    int height = 0;
    std::vector<float> values;
    // Where the map was written as a PNG (see save_heatmap_png), else empty.
    std::string path;

    bool empty() const noexcept { return values.empty(); }
    float at(int x, int y) const { return values[static_cast<std::size_t>(y) * width + x]; }
};

using EvidenceValue = std::variant<bool, std::int64_t, double, std::string, std::vector<double>>;
// Ordered, so that reports serialise identically run after run.
using Evidence = std::map<std::string, EvidenceValue>;

// A face found in the image (the `face` analyzer). Coordinates are image
// pixels in the stored orientation, origin top-left.
struct FaceBox {
    double x = 0.0;
    double y = 0.0;
    double width = 0.0;
    double height = 0.0;
};

struct Face {
    FaceBox box;
    // dlib's 68 points (iBUG 300-W order: jaw 0-16, brows 17-26, nose 27-35,
    // eyes 36-47, mouth 48-67), each {x, y}.
    std::vector<std::array<double, 2>> landmarks;
    double detection_confidence = 0.0;  // HOG detector score: > 0 detected, higher is surer
    double size = 0.0;                  // sqrt(box area), pixels
    double yaw_degrees = 0.0;           // rough head turn, 0 frontal, positive to the image's right
    bool touches_border = false;        // the box reaches past the image edge
    // Below the smallest face the analysis is made for (40 px): reported, but
    // its scores do not count towards the image score.
    bool too_small = false;
    // Calibrated probability that the face was blended into the image (face
    // swap, self-blend); empty when the face was not classified.
    std::optional<double> blend_probability;
    Evidence evidence;  // per-face cues: model logit, face-versus-context statistics
};

struct AnalyzerResult {
    std::string name;
    std::string version;
    bool applicable = true;
    std::string reason;  // why it is not applicable (or why it failed), else empty
    std::string error;   // the error type when the analyzer failed (then not applicable), else empty
    std::optional<double> score;
    Evidence evidence;
    Heatmap heatmap;
    std::vector<Face> faces;  // the faces found (only the `face` analyzer fills this)
    double elapsed_ms = 0.0;
};

struct Verdict {
    // One of "likely_authentic", "inconclusive", "likely_edited",
    // "likely_ai_generated", "declared_ai_generated".
    std::string label = "inconclusive";
    std::optional<double> score;
    std::string rationale;  // plain words: which rule produced the label
    // Calibrated probabilities for the questions the fusion can answer, e.g.
    // "locally_edited"; a question without a calibrated model is absent.
    std::map<std::string, double> probabilities;
};

// A model the report's analyzers used: which file exactly, and how often it
// is wrong on data it never saw (copied from the model's own record, as its
// training script measured it).
struct ModelInfo {
    std::string name;
    std::string file;     // under models/
    std::string sha256;   // of that file
    std::string used_by;  // the analyzer
    std::string evaluated_on;              // the data the error rates come from
    std::map<std::string, double> error_rates;  // e.g. auc, fpr_at_threshold, tpr_at_threshold, threshold
};

struct Report {
    static constexpr const char* schema = "libdetect.report/1";

    std::string file;
    std::string sha256;
    std::uint64_t bytes = 0;
    std::string format;
    int width = 0;
    int height = 0;
    int exif_orientation = 1;
    // What is wrong with the file's pixel data although it decoded (e.g. a
    // truncated JPEG scan the decoder filled in), empty when intact. A damaged
    // file's pixel analyzers are not applicable: they would read the
    // decoder's inventions as manipulation.
    std::string damage;
    ImageHashes hashes;
    std::string tool_name = "libdetect";
    std::string tool_version;
    std::string git_revision;
    Options options;
    std::vector<AnalyzerResult> analyzers;
    std::vector<ModelInfo> models;  // every model the analyzers used, with its known error rates
    Verdict verdict;
    std::string created_utc;  // ISO-8601, e.g. 2026-11-29T12:00:00Z
    double elapsed_ms = 0.0;

    // The result of a named analyzer, or nullptr when it did not run.
    LIBDETECT_API const AnalyzerResult* find(const std::string& analyzer) const noexcept;
};

// The outcome of one input of a batch: a report, or the error that stopped it.
struct ScanOutcome {
    std::string file;
    std::optional<Report> report;
    std::string error_type;     // Error::type() when report is empty
    std::string error_message;  // what() when report is empty

    bool ok() const noexcept { return report.has_value(); }
    // An entry listed but not analyzed (list_inputs: not an image); not a failure.
    bool skipped() const noexcept { return !report && error_type == "skipped"; }
};

// The "options" object a report records for these options (one line when
// indent < 0): what a resumed scan compares with earlier records.
LIBDETECT_API std::string to_json(const Options& options, int indent = -1);

// Serialises a report as described in docs/report-schema.md.
// indent < 0 gives a single line.
LIBDETECT_API std::string to_json(const Report& report, int indent = 2);

// The error record a batch scan writes for an input that failed.
LIBDETECT_API std::string error_to_json(const std::string& file, const std::string& type,
                                        const std::string& message, int indent = 2);

// A report, or the error record of a failed input.
LIBDETECT_API std::string to_json(const ScanOutcome& outcome, int indent = 2);

// One hash record (file, sha256, md5, pdq, pdq_quality, phash), or the error
// record of a failed input.
LIBDETECT_API std::string to_json(const HashOutcome& outcome, int indent = 2);

// A plain-text table of a batch: one line per input with format, size,
// verdict and each analyzer's headline figure, then the count of failures.
LIBDETECT_API std::string summary_text(const std::vector<ScanOutcome>& outcomes);
// Its last line: "N input(s), A analyzed, S skipped (not images), F failed".
LIBDETECT_API std::string summary_totals(std::size_t inputs, std::size_t skipped, std::size_t failed);

// The lines summary_text writes for one input (without the batch's count
// line), so that a streaming batch can keep text instead of whole reports.
LIBDETECT_API std::string summary_lines(const ScanOutcome& outcome);

// A heatmap as the bytes of an 8-bit grayscale PNG of width x height, as
// save_heatmap_png writes it. Throws InvalidArgument for an empty map.
LIBDETECT_API std::vector<std::uint8_t> encode_heatmap_png(const Heatmap& heatmap, int width, int height);

// Writes a heatmap as an 8-bit grayscale PNG of width x height (the image's
// size; the map is resampled), 255 = most suspicious. Throws IoError.
LIBDETECT_API void save_heatmap_png(const Heatmap& heatmap, int width, int height,
                                    const std::string& path);

}  // namespace libdetect
