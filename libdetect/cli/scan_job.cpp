#include "scan_job.hpp"

#include "cli_support.hpp"

#include <libdetect/html.hpp>
#include <libdetect/libdetect.hpp>

#include <algorithm>

namespace libdetect::cli {
namespace {

using Json = nlohmann::json;

OutcomeSummary summarize(const ScanOutcome& outcome) {
    OutcomeSummary s;
    s.file = outcome.file;
    s.ok = outcome.ok();
    s.error_type = outcome.error_type;
    s.error_message = outcome.error_message;
    s.text = summary_lines(outcome);
    if (!outcome.report) return s;
    const Report& r = *outcome.report;
    s.sha256 = r.sha256;
    s.format = r.format;
    s.width = r.width;
    s.height = r.height;
    s.verdict = r.verdict.label;
    s.verdict_score = r.verdict.score;
    for (const auto& result : r.analyzers)
        if (const auto& declaration = result.findings.declaration) {
            s.declared_ai = declaration->ai_generated ? "true" : "false";
            s.generator = declaration->generator;
            break;
        }
    s.probabilities = r.verdict.probabilities;
    s.pdq = r.hashes.pdq.to_hex();
    s.pdq_quality = r.hashes.pdq.quality;
    for (const auto& result : r.analyzers) {
        s.analyzers.push_back({result.name, result.applicable, result.score});
        if (result.applicable && result.score) s.highest_score = std::max(s.highest_score, *result.score);
    }
    return s;
}

}  // namespace

WorkerConfig WorkerConfig::of(const ScanSettings& s) {
    WorkerConfig c;
    c.analyzers = split_list(s.analyzers);
    c.gps_coordinates = s.gps_coordinates;
    c.model_dir = s.model_dir;
    c.model_threads = s.model_threads;
    c.face_landmarks_model = s.face_landmarks_model;
    c.max_faces = s.max_faces;
    c.max_pixels = s.input.max_pixels;
    c.max_file_bytes = s.input.max_file_bytes;
    c.heatmaps = !s.heatmaps.empty();
    c.html = !s.html.empty();
    c.blur_previews = !s.no_blur;
    c.indent = record_indent(s.format);
    return c;
}

Options WorkerConfig::options(int threads) const {
    Options options;
    options.analyzers = analyzers;
    options.threads = threads;
    options.heatmaps = true;  // the JSON report describes every heatmap, written or not
    options.gps_coordinates = gps_coordinates;
    options.model_dir = model_dir;
    options.model_threads = model_threads;
    options.face_landmarks_model = face_landmarks_model;
    options.max_faces = max_faces;
    if (max_pixels) options.limits.max_pixels = max_pixels;
    if (max_file_bytes) options.limits.max_file_bytes = max_file_bytes;
    return options;
}

JobResult JobResult::failed(const ScanJob& job, const std::string& type, const std::string& message, int indent) {
    JobResult r;
    r.index = job.index;
    r.record = error_to_json(job.path, type, message, indent);
    r.summary = summarize(ScanOutcome{job.path, std::nullopt, type, message});
    return r;
}

namespace {

constexpr int kMaxRecordDepth = 32;  // a report is about 7 levels deep

std::string heatmap_path(const ScanJob& job, const std::string& analyzer) {
    return job.heatmap_base + "." + analyzer + job.heatmap_suffix + ".png";
}

}  // namespace

void vet_worker_result(const ScanJob& job, const WorkerConfig& config, JobResult& result) {
    static const std::vector<std::string> analyzers = available_analyzers();
    static const std::uint8_t png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (!result.heatmaps.empty() && (!config.heatmaps || job.heatmap_base.empty()))
        throw std::runtime_error("heatmap files that were not asked for");
    for (const auto& heatmap : result.heatmaps) {
        const bool named = std::any_of(analyzers.begin(), analyzers.end(),
                                       [&](const std::string& a) { return heatmap.path == heatmap_path(job, a); });
        if (!named) throw std::runtime_error("a heatmap file outside the heatmap folder's names for this input");
        if (heatmap.png.size() < sizeof png_signature ||
            !std::equal(std::begin(png_signature), std::end(png_signature), heatmap.png.begin()))
            throw std::runtime_error("a heatmap file that is not a PNG");
    }
    // ordered_json keeps the record's field order; parse and dump give the
    // same text for a record the worker's to_json wrote.
    // nlohmann's text parser is iterative but dump() recurses: a record
    // nested deeper than any report is refused while it is parsed.
    const auto depth_guard = [](int depth, nlohmann::ordered_json::parse_event_t, nlohmann::ordered_json&) {
        if (depth > kMaxRecordDepth) throw std::runtime_error("a record nested deeper than any report");
        return true;
    };
    const auto record = nlohmann::ordered_json::parse(result.record, depth_guard, /*allow_exceptions=*/false);
    const auto file = record.is_object() ? record.find("file") : record.end();
    const auto as_written = [](const std::string& text) {
        return nlohmann::ordered_json(text).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    };
    if (file == record.end() || !file->is_string() || file->dump() != as_written(job.path))
        throw std::runtime_error("a record that is not one JSON object about this input");
    result.record = record.dump(config.indent < 0 ? -1 : config.indent, ' ', false,
                                nlohmann::ordered_json::error_handler_t::replace);
    result.summary.file = job.path;
}

JobResult analyze_job(const Detector& detector, const WorkerConfig& config, const ScanJob& job) {
    // analyze_files turns every error of the input into its outcome.
    ScanOutcome outcome = std::move(detector.analyze_files({job.path}).front());
    JobResult result;
    result.index = job.index;
    if (outcome.ok() && config.heatmaps && !job.heatmap_base.empty()) {
        try {
            Report& report = *outcome.report;
            for (auto& analyzer : report.analyzers) {
                if (analyzer.heatmap.empty()) continue;
                HeatmapFile file{heatmap_path(job, analyzer.name),
                                 encode_heatmap_png(analyzer.heatmap, report.width, report.height)};
                analyzer.heatmap_file = file.path;
                result.heatmaps.push_back(std::move(file));
            }
        } catch (const Error& e) {
            result.heatmaps.clear();
            outcome = ScanOutcome{outcome.file, std::nullopt, e.type(), e.what()};
        }
    }
    if (outcome.ok() && config.html) {
        try {
            HtmlOptions html;
            html.blur_previews = config.blur_previews;
            result.html = to_html(*outcome.report, Image::from_file(job.path, detector.options().limits), html);
        } catch (const Error& e) {
            result.html_error = e.what();
        }
    }
    result.record = to_json(outcome, config.indent);
    result.summary = summarize(outcome);
    return result;
}

// Heatmap bytes travel as CBOR byte strings rather than arrays of numbers.
void to_json(Json& j, const HeatmapFile& h) { j = Json{{"path", h.path}, {"png", Json::binary(h.png)}}; }

void from_json(const Json& j, HeatmapFile& h) {
    j.at("path").get_to(h.path);
    h.png = j.at("png").get_binary();
}

}  // namespace libdetect::cli
