#include <libdetect/report.hpp>
#include <libdetect/source.hpp>

#include "report/options_json.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

LIBDETECT_NAMESPACE_BEGIN
namespace {

using Json = nlohmann::ordered_json;  // keeps field order, so output is stable

Json finite_or_null(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

Json evidence_value(const EvidenceValue& value) {
    return std::visit(
        [](const auto& v) -> Json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, double>) {
                return finite_or_null(v);
            } else if constexpr (std::is_same_v<T, std::vector<double>>) {
                Json array = Json::array();
                for (double d : v) array.push_back(finite_or_null(d));
                return array;
            } else {
                return Json(v);
            }
        },
        value);
}

Json options_json(const Options& options) {
    return Json{{"analyzers", options.analyzers},
                {"limits",
                 {{"max_file_bytes", options.limits.max_file_bytes},
                  {"max_pixels", options.limits.max_pixels}}},
                {"threads", options.threads},
                {"heatmaps", options.heatmaps},
                {"gps_coordinates", options.gps_coordinates},
                {"model_dir", options.model_dir},
                {"model_threads", options.model_threads},
                {"face_landmarks_model", options.face_landmarks_model},
                {"max_faces", options.max_faces}};
}

Json evidence_json(const Evidence& evidence) {
    Json json = Json::object();
    for (const auto& [key, value] : evidence) json[key] = evidence_value(value);
    return json;
}

// Two decimals are far below landmark accuracy and keep reports readable.
Json pixel(double value) { return finite_or_null(std::round(value * 100.0) / 100.0); }

Json context_json(const FaceContext& c) {
    return Json{{"noise_face", finite_or_null(c.noise_face)},
                {"noise_context", finite_or_null(c.noise_context)},
                {"sharpness_face", finite_or_null(c.sharpness_face)},
                {"sharpness_context", finite_or_null(c.sharpness_context)},
                {"colour_difference", finite_or_null(c.colour_difference)},
                {"jpeg_grid_x", c.jpeg_grid_x},
                {"jpeg_grid_y", c.jpeg_grid_y},
                {"jpeg_grid_strength", finite_or_null(c.jpeg_grid_strength)}};
}

Json face_json(const Face& face) {
    Json landmarks = Json::array();
    for (const auto& point : face.landmarks) landmarks.push_back(Json::array({pixel(point[0]), pixel(point[1])}));
    return Json{{"box", {{"x", pixel(face.box.x)}, {"y", pixel(face.box.y)},
                         {"width", pixel(face.box.width)}, {"height", pixel(face.box.height)}}},
                {"detection_confidence", finite_or_null(face.detection_confidence)},
                {"size", pixel(face.size)},
                {"yaw_degrees", pixel(face.yaw_degrees)},
                {"touches_border", face.touches_border},
                {"too_small", face.too_small},
                {"blend_probability", face.blend_probability ? finite_or_null(*face.blend_probability) : Json(nullptr)},
                {"context", face.context ? context_json(*face.context) : Json(nullptr)},
                {"evidence", evidence_json(face.evidence)},
                {"landmarks", std::move(landmarks)}};
}

Json optional_number(const std::optional<double>& value) { return value ? finite_or_null(*value) : Json(nullptr); }

// The typed findings, each only when the analyzer established it.
Json findings_json(const Findings& findings) {
    Json json = Json::object();
    if (const auto& a = findings.ai_generation)
        json["ai_generation"] = {{"probability", finite_or_null(a->probability)},
                                 {"threshold", finite_or_null(a->threshold)},
                                 {"held_out_auc", optional_number(a->held_out_auc)},
                                 {"leave_source_out_auc", optional_number(a->leave_source_out_auc)},
                                 {"model", a->model}};
    if (const auto& f = findings.face_swap)
        json["face_swap"] = {{"probability", finite_or_null(f->probability)},
                             {"threshold", finite_or_null(f->threshold)},
                             {"held_out_auc", optional_number(f->held_out_auc)},
                             {"strongest_face", f->strongest_face},
                             {"model", f->model}};
    if (const auto& j = findings.jpeg_history) json["jpeg_history"] = {{"quality_estimate", j->quality_estimate}};
    if (const auto& d = findings.declaration)
        json["declaration"] = {{"ai_generated", d->ai_generated},
                               {"what", d->what},
                               {"generator", d->generator},
                               {"hidden", d->hidden}};
    if (const auto& c = findings.camera_record)
        json["camera_record"] = {{"present", c->present}, {"inconsistencies", c->inconsistencies}};
    return json;
}

Json analyzer_json(const AnalyzerResult& result) {
    Json evidence = evidence_json(result.evidence);
    Json json{{"name", result.name},
              {"version", result.version},
              {"applicable", result.applicable}};
    if (!result.applicable) json["reason"] = result.reason;
    if (!result.error.empty()) json["error"] = result.error;
    json["score"] = result.score ? finite_or_null(*result.score) : Json(nullptr);
    if (Json findings = findings_json(result.findings); !findings.empty()) json["findings"] = std::move(findings);
    json["evidence"] = std::move(evidence);
    json["heatmap"] = result.heatmap_file.empty() ? Json(nullptr) : Json(result.heatmap_file);
    if (!result.findings.faces.empty()) {
        Json faces = Json::array();
        for (const auto& face : result.findings.faces) faces.push_back(face_json(face));
        json["faces"] = std::move(faces);
    }
    json["elapsed_ms"] = finite_or_null(result.elapsed_ms);
    return json;
}

Json hashes_json(const ImageHashes& hashes) {
    return Json{{"md5", hashes.md5},
                {"pdq", hashes.pdq.to_hex()},
                {"pdq_quality", hashes.pdq.quality},
                {"phash", hashes.phash}};
}

std::string dump(const Json& json, int indent) {
    // Replace invalid UTF-8 (file names are bytes on Linux) instead of throwing.
    return json.dump(indent < 0 ? -1 : indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string to_json(const Options& options, int indent) { return dump(options_json(options), indent); }

std::string to_json(const Report& report, int indent) {
    Json analyzers = Json::array();
    for (const auto& result : report.analyzers) analyzers.push_back(analyzer_json(result));
    Json probabilities = Json::object();
    for (const auto& [question, p] : report.verdict.probabilities) probabilities[question] = finite_or_null(p);
    Json models = Json::array();
    for (const auto& model : report.models) {
        Json rates = Json::object();
        for (const auto& [key, value] : model.error_rates) rates[key] = finite_or_null(value);
        models.push_back({{"name", model.name},
                          {"file", model.file},
                          {"sha256", model.sha256},
                          {"used_by", model.used_by},
                          {"evaluated_on", model.evaluated_on},
                          {"error_rates", std::move(rates)}});
    }
    const Json json{
        {"schema", Report::schema},
        {"file", report.file},
        {"sha256", report.sha256},
        {"bytes", report.bytes},
        {"format", report.format},
        {"width", report.width},
        {"height", report.height},
        {"exif_orientation", report.exif_orientation},
        {"damaged", !report.damage.empty()},
        {"damage", report.damage.empty() ? Json(nullptr) : Json(report.damage)},
        {"pixel_conversions", report.pixel_conversions},
        {"hashes", hashes_json(report.hashes)},
        {"tool",
         {{"name", report.tool_name},
          {"version", report.tool_version},
          {"git_revision", report.git_revision}}},
        {"options", options_json(report.options)},
        {"analyzers", std::move(analyzers)},
        {"models", std::move(models)},
        {"verdict",
         {{"label", report.verdict.label},
          {"score", report.verdict.score ? finite_or_null(*report.verdict.score) : Json(nullptr)},
          {"rationale", report.verdict.rationale},
          {"probabilities", probabilities}}},
        {"created_utc", report.created_utc},
        {"elapsed_ms", finite_or_null(report.elapsed_ms)},
    };
    return dump(json, indent);
}

namespace report {

std::string options_to_json(const Options& options) { return dump(options_json(options), -1); }

}  // namespace report

std::string error_to_json(const std::string& file, const std::string& type,
                          const std::string& message, int indent) {
    const Json json{{"schema", Report::schema},
                    {"file", file},
                    {"error", {{"type", type}, {"message", message}}}};
    return dump(json, indent);
}

std::string to_json(const HashOutcome& outcome, int indent) {
    if (!outcome.hashes) return error_to_json(outcome.file, outcome.error_type, outcome.error_message, indent);
    Json json{{"file", outcome.file}, {"sha256", outcome.hashes->sha256}};
    json.update(hashes_json(*outcome.hashes));
    return dump(json, indent);
}

std::string to_json(const SourceMatch& match, int indent) {
    Json ranked = Json::array();
    for (const auto& c : match.ranked) {
        Json entry{{"file", c.file}, {"pdq_distance", c.pdq_distance}, {"region_distance", c.region_distance},
                   {"inliers", c.inliers < 0 ? Json(nullptr) : Json(c.inliers)}};
        if (!c.error.empty()) entry["error"] = c.error;
        ranked.push_back(std::move(entry));
    }
    Json json{{"found", match.found}, {"reason", match.reason}};
    json["source"] = match.found ? Json(match.file) : Json(nullptr);
    json["pdq_distance"] = match.pdq_distance;
    json["inliers"] = match.inliers;
    json["homography"] = match.found ? Json(match.homography) : Json(nullptr);
    json["changed_fraction"] = match.found ? finite_or_null(match.changed_fraction) : Json(nullptr);
    json["difference_heatmap"] = match.difference_file.empty() ? Json(nullptr) : Json(match.difference_file);
    json["changed_mask"] = match.changed_mask_file.empty() ? Json(nullptr) : Json(match.changed_mask_file);
    json["candidates"] = std::move(ranked);
    return dump(json, indent);
}

const AnalyzerResult* Report::find(const std::string& analyzer) const noexcept {
    for (const auto& result : analyzers)
        if (result.name == analyzer) return &result;
    return nullptr;
}

LIBDETECT_NAMESPACE_END
