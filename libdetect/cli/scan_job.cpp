#include "scan_job.hpp"

#include "cli_support.hpp"

#include <libdetect/html.hpp>
#include <libdetect/libdetect.hpp>

#include <algorithm>

namespace libdetect::cli {
namespace {

using Json = nlohmann::json;

std::string evidence_text(const AnalyzerResult* result, const char* key) {
    if (!result) return {};
    const auto it = result->evidence.find(key);
    if (it == result->evidence.end()) return {};
    if (const auto* b = std::get_if<bool>(&it->second)) return *b ? "true" : "false";
    if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
    return {};
}

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
    const AnalyzerResult* metadata = r.find("metadata");
    s.declared_ai = evidence_text(metadata, "declared");
    s.generator = evidence_text(metadata, "generator");
    for (const auto& result : r.analyzers) {
        s.analyzers.push_back({result.name, result.applicable, result.score});
        if (result.applicable && result.score) s.highest_score = std::max(s.highest_score, *result.score);
    }
    return s;
}

Json optional_number(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }

std::optional<double> number_or_none(const Json& j) {
    if (j.is_null()) return std::nullopt;
    return j.get<double>();
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
    c.indent = s.format == "jsonl" ? -1 : 2;
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
                HeatmapFile file{job.heatmap_base + "." + analyzer.name + job.heatmap_suffix + ".png",
                                 encode_heatmap_png(analyzer.heatmap, report.width, report.height)};
                analyzer.heatmap.path = file.path;
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
            Limits limits = detector.options().limits;
            result.html = to_html(*outcome.report, Image::from_file(job.path, limits), html);
        } catch (const Error& e) {
            result.html_error = e.what();
        }
    }
    result.record = to_json(outcome, config.indent);
    result.summary = summarize(outcome);
    return result;
}

void to_json(Json& j, const WorkerConfig& c) {
    j = Json{{"analyzers", c.analyzers},         {"gps_coordinates", c.gps_coordinates},
             {"model_dir", c.model_dir},         {"model_threads", c.model_threads},
             {"face_landmarks_model", c.face_landmarks_model}, {"max_faces", c.max_faces},
             {"max_pixels", c.max_pixels},       {"max_file_bytes", c.max_file_bytes},
             {"heatmaps", c.heatmaps},           {"html", c.html},
             {"blur_previews", c.blur_previews}, {"indent", c.indent}};
}

void from_json(const Json& j, WorkerConfig& c) {
    j.at("analyzers").get_to(c.analyzers);
    j.at("gps_coordinates").get_to(c.gps_coordinates);
    j.at("model_dir").get_to(c.model_dir);
    j.at("model_threads").get_to(c.model_threads);
    j.at("face_landmarks_model").get_to(c.face_landmarks_model);
    j.at("max_faces").get_to(c.max_faces);
    j.at("max_pixels").get_to(c.max_pixels);
    j.at("max_file_bytes").get_to(c.max_file_bytes);
    j.at("heatmaps").get_to(c.heatmaps);
    j.at("html").get_to(c.html);
    j.at("blur_previews").get_to(c.blur_previews);
    j.at("indent").get_to(c.indent);
}

void to_json(Json& j, const ScanJob& job) {
    j = Json{{"index", job.index}, {"path", job.path}, {"heatmap_base", job.heatmap_base},
             {"heatmap_suffix", job.heatmap_suffix}};
}

void from_json(const Json& j, ScanJob& job) {
    j.at("index").get_to(job.index);
    j.at("path").get_to(job.path);
    j.at("heatmap_base").get_to(job.heatmap_base);
    j.at("heatmap_suffix").get_to(job.heatmap_suffix);
}

void to_json(Json& j, const JobResult& r) {
    const OutcomeSummary& s = r.summary;
    Json cells = Json::array();
    for (const auto& a : s.analyzers)
        cells.push_back({{"name", a.name}, {"applicable", a.applicable}, {"score", optional_number(a.score)}});
    Json heatmaps = Json::array();
    for (const auto& h : r.heatmaps) heatmaps.push_back({{"path", h.path}, {"png", Json::binary(h.png)}});
    j = Json{{"index", r.index},
             {"record", r.record},
             {"summary",
              {{"file", s.file},
               {"ok", s.ok},
               {"error_type", s.error_type},
               {"error_message", s.error_message},
               {"sha256", s.sha256},
               {"format", s.format},
               {"width", s.width},
               {"height", s.height},
               {"verdict", s.verdict},
               {"verdict_score", optional_number(s.verdict_score)},
               {"declared_ai", s.declared_ai},
               {"generator", s.generator},
               {"analyzers", cells},
               {"highest_score", s.highest_score},
               {"text", s.text}}},
             {"heatmaps", heatmaps},
             {"html", r.html},
             {"html_error", r.html_error}};
}

void from_json(const Json& j, JobResult& r) {
    j.at("index").get_to(r.index);
    j.at("record").get_to(r.record);
    const Json& s = j.at("summary");
    OutcomeSummary& o = r.summary;
    s.at("file").get_to(o.file);
    s.at("ok").get_to(o.ok);
    s.at("error_type").get_to(o.error_type);
    s.at("error_message").get_to(o.error_message);
    s.at("sha256").get_to(o.sha256);
    s.at("format").get_to(o.format);
    s.at("width").get_to(o.width);
    s.at("height").get_to(o.height);
    s.at("verdict").get_to(o.verdict);
    o.verdict_score = number_or_none(s.at("verdict_score"));
    s.at("declared_ai").get_to(o.declared_ai);
    s.at("generator").get_to(o.generator);
    for (const auto& a : s.at("analyzers"))
        o.analyzers.push_back({a.at("name").get<std::string>(), a.at("applicable").get<bool>(),
                               number_or_none(a.at("score"))});
    s.at("highest_score").get_to(o.highest_score);
    s.at("text").get_to(o.text);
    for (const auto& h : j.at("heatmaps"))
        r.heatmaps.push_back({h.at("path").get<std::string>(), h.at("png").get_binary()});
    j.at("html").get_to(r.html);
    j.at("html_error").get_to(r.html_error);
}

}  // namespace libdetect::cli
