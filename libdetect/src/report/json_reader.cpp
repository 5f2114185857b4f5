// Reads the records json.cpp writes back into the typed structs, so that a
// report can cross a process boundary (the Python supervised scan's workers)
// or be reloaded from a scan's output as the objects it was made from.
//
// The text may come from a process that analysed hostile evidence, so it is
// treated as untrusted: every field is type-checked and a missing or wrongly
// typed one is an InvalidArgument naming the field, never a crash.
#include <libdetect/error.hpp>
#include <libdetect/report.hpp>

#include <nlohmann/json.hpp>

#include <limits>

LIBDETECT_NAMESPACE_BEGIN
namespace {

using Json = nlohmann::json;

// nlohmann's own parser bounds neither depth nor size; a report is a few
// levels deep, so anything nested deeper is not one (and cannot exhaust the
// stack of the recursive parser).
constexpr int kMaxDepth = 32;

bool nesting_within_limit(const std::string& text) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxDepth) return false;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

[[noreturn]] void malformed(const std::string& where, const std::string& what) {
    throw InvalidArgument("not a libdetect report: " + where + " " + what);
}

const Json& field(const Json& object, const char* key, const std::string& where) {
    if (!object.is_object()) malformed(where, "is not an object");
    const auto found = object.find(key);
    if (found == object.end()) malformed(where + "." + key, "is missing");
    return *found;
}

std::string string_of(const Json& object, const char* key, const std::string& where) {
    const Json& value = field(object, key, where);
    if (!value.is_string()) malformed(where + "." + key, "is not a string");
    return value.get<std::string>();
}

bool bool_of(const Json& object, const char* key, const std::string& where) {
    const Json& value = field(object, key, where);
    if (!value.is_boolean()) malformed(where + "." + key, "is not a boolean");
    return value.get<bool>();
}

// The writer turns non-finite numbers into null; they read back as NaN.
double number_value(const Json& value, const std::string& where) {
    if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!value.is_number()) malformed(where, "is not a number");
    return value.get<double>();
}

double number_of(const Json& object, const char* key, const std::string& where) {
    return number_value(field(object, key, where), where + "." + key);
}

std::optional<double> optional_number_of(const Json& object, const char* key, const std::string& where) {
    const Json& value = field(object, key, where);
    if (value.is_null()) return std::nullopt;
    return number_value(value, where + "." + key);
}

template <class Integer>
Integer integer_of(const Json& object, const char* key, const std::string& where) {
    const Json& value = field(object, key, where);
    if (!value.is_number_integer()) malformed(where + "." + key, "is not an integer");
    if (value.is_number_unsigned()) {
        const auto v = value.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<Integer>::max()))
            malformed(where + "." + key, "is out of range");
        return static_cast<Integer>(v);
    }
    const auto v = value.get<std::int64_t>();
    if (v < static_cast<std::int64_t>(std::numeric_limits<Integer>::min()) ||
        (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<Integer>::max())))
        malformed(where + "." + key, "is out of range");
    return static_cast<Integer>(v);
}

std::vector<std::string> strings_of(const Json& object, const char* key, const std::string& where) {
    const Json& value = field(object, key, where);
    if (!value.is_array()) malformed(where + "." + key, "is not an array");
    std::vector<std::string> strings;
    for (const Json& item : value) {
        if (!item.is_string()) malformed(where + "." + key, "holds a non-string");
        strings.push_back(item.get<std::string>());
    }
    return strings;
}

// The writer gives every variant alternative a distinct JSON type: integers
// as integers, doubles always with a fraction or exponent, vectors as arrays.
EvidenceValue evidence_value(const Json& value, const std::string& where) {
    if (value.is_boolean()) return value.get<bool>();
    if (value.is_number_integer()) {
        if (value.is_number_unsigned() &&
            value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return value.get<double>();
        return value.get<std::int64_t>();
    }
    if (value.is_number_float() || value.is_null()) return number_value(value, where);
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        std::vector<double> numbers;
        for (const Json& item : value) numbers.push_back(number_value(item, where + "[]"));
        return numbers;
    }
    malformed(where, "is not an evidence value");
}

Evidence evidence_of(const Json& object, const char* key, const std::string& where) {
    const Json& value = field(object, key, where);
    if (!value.is_object()) malformed(where + "." + key, "is not an object");
    Evidence evidence;
    for (const auto& [name, item] : value.items())
        evidence[name] = evidence_value(item, where + "." + key + "." + name);
    return evidence;
}

FaceContext face_context(const Json& json, const std::string& where) {
    FaceContext c;
    c.noise_face = number_of(json, "noise_face", where);
    c.noise_context = number_of(json, "noise_context", where);
    c.sharpness_face = number_of(json, "sharpness_face", where);
    c.sharpness_context = number_of(json, "sharpness_context", where);
    c.colour_difference = number_of(json, "colour_difference", where);
    c.jpeg_grid_x = integer_of<int>(json, "jpeg_grid_x", where);
    c.jpeg_grid_y = integer_of<int>(json, "jpeg_grid_y", where);
    c.jpeg_grid_strength = number_of(json, "jpeg_grid_strength", where);
    return c;
}

Face face(const Json& json, const std::string& where) {
    Face f;
    const Json& box = field(json, "box", where);
    f.box = {number_of(box, "x", where + ".box"), number_of(box, "y", where + ".box"),
             number_of(box, "width", where + ".box"), number_of(box, "height", where + ".box")};
    const Json& landmarks = field(json, "landmarks", where);
    if (!landmarks.is_array()) malformed(where + ".landmarks", "is not an array");
    for (const Json& point : landmarks) {
        if (!point.is_array() || point.size() != 2) malformed(where + ".landmarks", "holds a non-point");
        f.landmarks.push_back({number_value(point[0], where + ".landmarks"), number_value(point[1], where + ".landmarks")});
    }
    f.detection_confidence = number_of(json, "detection_confidence", where);
    f.size = number_of(json, "size", where);
    f.yaw_degrees = number_of(json, "yaw_degrees", where);
    f.touches_border = bool_of(json, "touches_border", where);
    f.too_small = bool_of(json, "too_small", where);
    f.blend_probability = optional_number_of(json, "blend_probability", where);
    // Records written before 0.x carried the cues only as evidence.
    if (const auto context = json.find("context"); context != json.end() && !context->is_null())
        f.context = face_context(*context, where + ".context");
    f.evidence = evidence_of(json, "evidence", where);
    return f;
}

Findings findings(const Json& json, const std::string& where) {
    Findings found;
    if (!json.is_object()) malformed(where, "is not an object");
    if (const auto a = json.find("ai_generation"); a != json.end()) {
        const std::string at = where + ".ai_generation";
        found.ai_generation = AiGenerationEstimate{number_of(*a, "probability", at), number_of(*a, "threshold", at),
                                                   optional_number_of(*a, "held_out_auc", at),
                                                   optional_number_of(*a, "leave_source_out_auc", at),
                                                   string_of(*a, "model", at)};
    }
    if (const auto f = json.find("face_swap"); f != json.end()) {
        const std::string at = where + ".face_swap";
        found.face_swap = FaceSwapEstimate{number_of(*f, "probability", at), number_of(*f, "threshold", at),
                                           optional_number_of(*f, "held_out_auc", at),
                                           integer_of<std::size_t>(*f, "strongest_face", at), string_of(*f, "model", at)};
    }
    if (const auto j = json.find("jpeg_history"); j != json.end())
        found.jpeg_history = JpegHistory{integer_of<int>(*j, "quality_estimate", where + ".jpeg_history")};
    if (const auto d = json.find("declaration"); d != json.end()) {
        const std::string at = where + ".declaration";
        found.declaration = Declaration{bool_of(*d, "ai_generated", at), string_of(*d, "what", at),
                                        string_of(*d, "generator", at), bool_of(*d, "hidden", at)};
    }
    if (const auto c = json.find("camera_record"); c != json.end()) {
        const std::string at = where + ".camera_record";
        found.camera_record = CameraRecord{bool_of(*c, "present", at), strings_of(*c, "inconsistencies", at)};
    }
    return found;
}

AnalyzerResult analyzer_result(const Json& json, const std::string& where) {
    AnalyzerResult r;
    r.name = string_of(json, "name", where);
    r.version = string_of(json, "version", where);
    r.applicable = bool_of(json, "applicable", where);
    if (!r.applicable) r.reason = string_of(json, "reason", where);
    if (json.contains("error")) r.error = string_of(json, "error", where);
    r.score = optional_number_of(json, "score", where);
    if (const auto f = json.find("findings"); f != json.end()) r.findings = findings(*f, where + ".findings");
    r.evidence = evidence_of(json, "evidence", where);
    if (const Json& heatmap = field(json, "heatmap", where); !heatmap.is_null())
        r.heatmap_file = string_of(json, "heatmap", where);
    if (const auto faces = json.find("faces"); faces != json.end()) {
        if (!faces->is_array()) malformed(where + ".faces", "is not an array");
        for (std::size_t i = 0; i < faces->size(); ++i)
            r.findings.faces.push_back(face((*faces)[i], where + ".faces[" + std::to_string(i) + "]"));
    }
    r.elapsed_ms = number_of(json, "elapsed_ms", where);
    return r;
}

Options options(const Json& json, const std::string& where) {
    Options o;
    o.analyzers = strings_of(json, "analyzers", where);
    const Json& limits = field(json, "limits", where);
    o.limits.max_file_bytes = integer_of<std::uint64_t>(limits, "max_file_bytes", where + ".limits");
    o.limits.max_pixels = integer_of<std::uint64_t>(limits, "max_pixels", where + ".limits");
    o.threads = integer_of<int>(json, "threads", where);
    o.heatmaps = bool_of(json, "heatmaps", where);
    o.gps_coordinates = bool_of(json, "gps_coordinates", where);
    o.model_dir = string_of(json, "model_dir", where);
    o.model_threads = integer_of<int>(json, "model_threads", where);
    o.face_landmarks_model = string_of(json, "face_landmarks_model", where);
    o.max_faces = integer_of<int>(json, "max_faces", where);
    return o;
}

ModelInfo model_info(const Json& json, const std::string& where) {
    ModelInfo m{string_of(json, "name", where),    string_of(json, "file", where),
                string_of(json, "sha256", where),  string_of(json, "used_by", where),
                string_of(json, "evaluated_on", where), {}};
    const Json& rates = field(json, "error_rates", where);
    if (!rates.is_object()) malformed(where + ".error_rates", "is not an object");
    for (const auto& [key, value] : rates.items()) m.error_rates[key] = number_value(value, where + ".error_rates." + key);
    return m;
}

Report report(const Json& json) {
    const std::string where = "report";
    Report r;
    r.file = string_of(json, "file", where);
    r.sha256 = string_of(json, "sha256", where);
    r.bytes = integer_of<std::uint64_t>(json, "bytes", where);
    r.format = string_of(json, "format", where);
    r.width = integer_of<int>(json, "width", where);
    r.height = integer_of<int>(json, "height", where);
    r.exif_orientation = integer_of<int>(json, "exif_orientation", where);
    if (const Json& damage = field(json, "damage", where); !damage.is_null()) r.damage = string_of(json, "damage", where);
    r.pixel_conversions = strings_of(json, "pixel_conversions", where);
    const Json& hashes = field(json, "hashes", where);
    r.hashes.sha256 = r.sha256;
    r.hashes.md5 = string_of(hashes, "md5", where + ".hashes");
    r.hashes.pdq = PdqHash::from_hex(string_of(hashes, "pdq", where + ".hashes"));
    r.hashes.pdq.quality = integer_of<int>(hashes, "pdq_quality", where + ".hashes");
    r.hashes.phash = string_of(hashes, "phash", where + ".hashes");
    const Json& tool = field(json, "tool", where);
    r.tool_name = string_of(tool, "name", where + ".tool");
    r.tool_version = string_of(tool, "version", where + ".tool");
    r.git_revision = string_of(tool, "git_revision", where + ".tool");
    r.options = options(field(json, "options", where), where + ".options");
    const Json& analyzers = field(json, "analyzers", where);
    if (!analyzers.is_array()) malformed(where + ".analyzers", "is not an array");
    for (std::size_t i = 0; i < analyzers.size(); ++i)
        r.analyzers.push_back(analyzer_result(analyzers[i], where + ".analyzers[" + std::to_string(i) + "]"));
    const Json& models = field(json, "models", where);
    if (!models.is_array()) malformed(where + ".models", "is not an array");
    for (std::size_t i = 0; i < models.size(); ++i)
        r.models.push_back(model_info(models[i], where + ".models[" + std::to_string(i) + "]"));
    const Json& verdict = field(json, "verdict", where);
    r.verdict.label = string_of(verdict, "label", where + ".verdict");
    r.verdict.score = optional_number_of(verdict, "score", where + ".verdict");
    r.verdict.rationale = string_of(verdict, "rationale", where + ".verdict");
    const Json& probabilities = field(verdict, "probabilities", where + ".verdict");
    if (!probabilities.is_object()) malformed(where + ".verdict.probabilities", "is not an object");
    for (const auto& [question, p] : probabilities.items())
        r.verdict.probabilities[question] = number_value(p, where + ".verdict.probabilities." + question);
    r.created_utc = string_of(json, "created_utc", where);
    r.elapsed_ms = number_of(json, "elapsed_ms", where);
    return r;
}

}  // namespace

ScanOutcome outcome_from_json(const std::string& text) {
    if (!nesting_within_limit(text)) throw InvalidArgument("not a libdetect report: nested too deeply");
    const Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) throw InvalidArgument("not a libdetect report: not JSON");
    if (const std::string schema = string_of(json, "schema", "record"); schema != Report::schema)
        throw InvalidArgument("not a libdetect report: schema \"" + schema + "\", expected \"" + Report::schema + "\"");
    ScanOutcome outcome;
    outcome.file = string_of(json, "file", "record");
    if (const auto error = json.find("error"); error != json.end()) {
        outcome.error_type = string_of(*error, "type", "record.error");
        outcome.error_message = string_of(*error, "message", "record.error");
        return outcome;
    }
    outcome.report = report(json);
    return outcome;
}

LIBDETECT_NAMESPACE_END
