// The unit of work of a scan: one input analyzed into everything the batch
// writes for it (its JSON record, heatmap PNGs, HTML report, summary row).
// The same function runs in a supervised worker process and in-process, so
// the two modes give the same bytes; the batch keeps only the small summary.
#pragma once

#include "commands.hpp"

#include <libdetect/detector.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace libdetect::cli {

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
    double highest_score = -1.0;  // the highest analyzer score, -1 when none
    std::string text;             // summary_lines() of the outcome
};

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

// Conversions for the worker protocol (CBOR frames, see worker_protocol.hpp).
void to_json(nlohmann::json& j, const WorkerConfig& c);
void from_json(const nlohmann::json& j, WorkerConfig& c);
void to_json(nlohmann::json& j, const ScanJob& job);
void from_json(const nlohmann::json& j, ScanJob& job);
void to_json(nlohmann::json& j, const JobResult& r);
void from_json(const nlohmann::json& j, JobResult& r);

}  // namespace libdetect::cli
