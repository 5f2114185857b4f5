// The unit of work of a scan: one input analyzed into everything the batch
// writes for it (its JSON record, heatmap PNGs, HTML report, summary row).
// The same function runs in a supervised worker process and in-process, so
// the two modes give the same bytes; the batch keeps only the small summary.
#pragma once

#include "commands.hpp"

#include <libdetect/detector.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

// std::optional<double> as a number or null (nlohmann 3.11.2 has no
// serializer of its own for std::optional).
namespace nlohmann {
template <>
struct adl_serializer<std::optional<double>> {
    static void to_json(json& j, const std::optional<double>& value) {
        j = value ? json(*value) : json(nullptr);
    }
    static void from_json(const json& j, std::optional<double>& value) {
        value = j.is_null() ? std::nullopt : std::optional<double>(j.get<double>());
    }
};
}  // namespace nlohmann

namespace libdetect::cli {

// The JSON indent of a record in --format `format`: one line for jsonl.
inline int record_indent(const std::string& format) { return format == "jsonl" ? -1 : 2; }

// What a worker needs to analyze inputs as the scan command was asked to.
struct WorkerConfig {
    std::vector<std::string> analyzers;
    bool gps_coordinates = false;
    std::string model_dir;
    int model_threads = 1;
    std::string face_landmarks_model;
    int max_faces = Options{}.max_faces;
    std::uint64_t max_pixels = 0;      // 0: library default
    std::uint64_t max_file_bytes = 0;  // 0: library default
    bool heatmaps = false;             // encode heatmap PNGs
    bool html = false;                 // render an HTML report
    bool blur_previews = true;
    int indent = 2;                    // of the JSON record; < 0: one line

    static WorkerConfig of(const ScanSettings& settings);
    Options options(int threads) const;
};

struct ScanJob {
    std::size_t index = 0;
    std::string path;
    std::string heatmap_base;    // "<dir>/<stem>"; empty: no heatmap files
    std::string heatmap_suffix;  // "" or "-2", "-3"... when an earlier input had the same stem
};

// One analyzer's line of the CSV summary.
struct AnalyzerCell {
    std::string name;
    bool applicable = false;
    std::optional<double> score;
};

// What the batch outputs keep of one input once its record is written.
struct OutcomeSummary {
    std::string file;
    bool ok = false;
    std::string error_type;
    std::string error_message;
    std::string sha256;
    std::string format;
    int width = 0;
    int height = 0;
    std::string verdict;
    std::optional<double> verdict_score;
    std::string declared_ai;  // "true", "false", or "" when the metadata analyzer did not run
    std::string generator;
    std::vector<AnalyzerCell> analyzers;
    std::map<std::string, double> probabilities;  // the verdict's
    std::string pdq;              // hex, for near-duplicate groups
    int pdq_quality = 0;
    double highest_score = -1.0;  // the highest analyzer score, -1 when none
    std::string text;             // summary_lines() of the outcome
};

// An entry the scan listed but did not analyze (not an image): not a failure.
inline bool is_skipped(const OutcomeSummary& s) { return !s.ok && s.error_type == "skipped"; }

struct HeatmapFile {
    std::string path;
    std::vector<std::uint8_t> png;
};

struct JobResult {
    std::size_t index = 0;
    std::string record;  // the JSON report or error record
    OutcomeSummary summary;
    std::vector<HeatmapFile> heatmaps;
    std::string html;        // the HTML report, empty when not asked for or not made
    std::string html_error;  // why it was not made

    // The result of an input that produced no report (crash, timeout, ...).
    static JobResult failed(const ScanJob& job, const std::string& type, const std::string& message, int indent);
};

JobResult analyze_job(const Detector& detector, const WorkerConfig& config, const ScanJob& job);

// A worker's reply is checked before the scanning process (which is not
// sandboxed) acts on it, as a compromised worker may have written it: the
// heatmap files must be the ones analyze_job names for this job (an analyzer's
// PNG beside the job's heatmap base, nowhere else) and hold a PNG; the record
// must be one JSON object about this job's file, and is written back in the
// batch's layout (so it cannot carry further lines). Throws std::runtime_error.
void vet_worker_result(const ScanJob& job, const WorkerConfig& config, JobResult& result);

// The worker protocol's messages (CBOR frames, worker_protocol.hpp): every
// field by name, through nlohmann's macros, so that a field added to a
// struct cannot be forgotten in the protocol.
void to_json(nlohmann::json& j, const HeatmapFile& h);
void from_json(const nlohmann::json& j, HeatmapFile& h);
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(WorkerConfig, analyzers, gps_coordinates, model_dir, model_threads,
                                   face_landmarks_model, max_faces, max_pixels, max_file_bytes, heatmaps, html,
                                   blur_previews, indent)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ScanJob, index, path, heatmap_base, heatmap_suffix)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AnalyzerCell, name, applicable, score)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OutcomeSummary, file, ok, error_type, error_message, sha256, format, width, height,
                                   verdict, verdict_score, declared_ai, generator, analyzers, probabilities, pdq,
                                   pdq_quality, highest_score, text)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(JobResult, index, record, summary, heatmaps, html, html_error)

}  // namespace libdetect::cli
