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

LIBDETECT_NAMESPACE_BEGIN

// A per-region suspicion map in [0, 1], row-major. It may be coarser than the
// image (for example one value per 8x8 block): `width`/`height` are the map's
// own dimensions and it covers the whole image.
struct Heatmap {
    int width = 0;
    int height = 0;
    std::vector<float> values;

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

// Face-versus-context cues: the face against a ring around it.
struct FaceContext {
    double noise_face = 0.0;         // robust noise sigma (grey levels) inside the face
    double noise_context = 0.0;      // ... in a ring around it
    double sharpness_face = 0.0;     // mean |Laplacian| after a light blur
    double sharpness_context = 0.0;
    double colour_difference = 0.0;  // distance of the mean a*b* chroma (CIELAB) of face and ring
    // The 8x8 JPEG block grid's phase (0-7 per axis) that fits the face best,
    // and how clearly (0: no grid).
    int jpeg_grid_x = 0;
    int jpeg_grid_y = 0;
    double jpeg_grid_strength = 0.0;
};

// A face: box, 68 landmarks, detection facts and, in reports, its analysis.
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
    // Face-versus-context cues (a pasted face often differs from the picture
    // around it); empty when the face or the ring around it was too small.
    std::optional<FaceContext> context;
    Evidence evidence;  // per-face figures for people to read: model logit, boundary peak, the cues
};

// Typed findings: what an analyzer establishes, in a form the verdict rules
// and the report writers read. The free-form `evidence` beside them is for
// people; no rule reads it, so renaming an evidence key changes no decision.

// A calibrated estimate that the pixels were made by an AI generator.
struct AiGenerationEstimate {
    double probability = 0.0;
    double threshold = 0.5;  // the model's decision threshold (5% false positives on validation reals)
    // In-distribution held-out AUC: sources seen in training; overstates the field.
    std::optional<double> held_out_auc;
    // AUC with each generator source held out of training: the figure for
    // generators the model never saw. Only this one may gate a verdict.
    std::optional<double> leave_source_out_auc;
    std::string model;  // its name in models/manifest.json
};

// A calibrated estimate that a face was blended into the picture.
struct FaceSwapEstimate {
    double probability = 0.0;  // of the strongest face analysed
    double threshold = 0.5;
    std::optional<double> held_out_auc;  // measured on self-blends, not on real face swaps
    std::size_t strongest_face = 0;      // index into Findings::faces
    std::string model;
};

// What the file's JPEG compression says.
struct JpegHistory {
    int quality_estimate = 0;  // of the last save, libjpeg scale 1-100
};

// What the file says about how it was made.
struct Declaration {
    bool ai_generated = false;  // it declares AI generation
    std::string what;           // the declaration(s), as found (e.g. "ComfyUI (png:tEXt:prompt)")
    std::string generator;      // the software named as the maker, when any
    bool hidden = false;        // part of it was hidden (e.g. in pixel LSBs)
};

// A camera's record of the capture (make, model, capture time).
struct CameraRecord {
    bool present = false;
    std::vector<std::string> inconsistencies;  // empty: nothing contradicts it

    bool consistent() const noexcept { return present && inconsistencies.empty(); }
};

// What an analyzer established, typed: each is empty when not established.
struct Findings {
    std::optional<AiGenerationEstimate> ai_generation;
    std::optional<FaceSwapEstimate> face_swap;
    std::optional<JpegHistory> jpeg_history;
    std::optional<Declaration> declaration;
    std::optional<CameraRecord> camera_record;
    std::vector<Face> faces;  // the faces found, strongest first
};

// One analyzer's result for one image.
struct AnalyzerResult {
    std::string name;
    std::string version;  // of the analyzer's method: it changes whenever its output does
    bool applicable = true;
    std::string reason;  // why it is not applicable (or why it failed), else empty
    std::string error;   // the error type when the analyzer failed (then not applicable), else empty
    std::optional<double> score;  // in [0, 1], higher = more suspicious; empty: no opinion
    Findings findings;  // what the verdict and the writers read
    Evidence evidence;  // everything else, for people
    Heatmap heatmap;
    // Where a scan wrote the heatmap as a PNG (save_heatmap_png), else empty.
    std::string heatmap_file;
    double elapsed_ms = 0.0;
};

// The verdict labels and probability names, as the report writes them.
namespace verdict_label {
constexpr const char* likely_authentic = "likely_authentic";
constexpr const char* inconclusive = "inconclusive";
constexpr const char* likely_edited = "likely_edited";
constexpr const char* likely_ai_generated = "likely_ai_generated";
constexpr const char* declared_ai_generated = "declared_ai_generated";
}  // namespace verdict_label

namespace probability_name {
constexpr const char* ai_generated = "ai_generated";
constexpr const char* face_swapped = "face_swapped";
constexpr const char* locally_edited = "locally_edited";
}  // namespace probability_name

// The fused answer for one image: a label, the rule that gave it, and every
// calibrated probability a detector answered.
struct Verdict {
    // One of the verdict_label constants.
    std::string label = verdict_label::inconclusive;
    std::optional<double> score;
    std::string rationale;  // plain words: which rule produced the label
    // Calibrated probabilities (probability_name keys) of every question a
    // detector answered for this image, whatever rule decided the label (a
    // declaration in the file does not hide them: it can be planted); a
    // question no applicable detector answered is absent.
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

// The result of analyzing one image: the file's identity and hashes, every
// analyzer's result, the models used with their error rates, and the verdict
// (schema libdetect.report/1, docs/report-schema.md).
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
    // How the stored pixels were converted to what every analyzer reads
    // (8-bit colour): 16-bit samples, an alpha channel, CMYK, an animation.
    // The analyzers' figures are for the converted picture.
    std::vector<std::string> pixel_conversions;
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

// Reads a record that to_json(const ScanOutcome&) or to_json(const Report&)
// wrote back: a report, or a failed input's error record. What the record
// rounds or leaves out stays so (face coordinates to 1/100 px; heatmap
// values: a record names only the heatmap's file), and a non-finite number
// written as null reads back as empty where the field may be empty, else as
// NaN. Throws InvalidArgument, naming the
// field, for text that is not such a record.
LIBDETECT_API ScanOutcome outcome_from_json(const std::string& text);

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

LIBDETECT_NAMESPACE_END
