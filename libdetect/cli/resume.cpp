#include "resume.hpp"

#include <libdetect/detector.hpp>
#include <libdetect/hashes.hpp>
#include <libdetect/models.hpp>
#include <libdetect/version.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace libdetect::cli {
namespace {

using Json = nlohmann::json;

void read_lines(const std::string& path, EarlierRecords& earlier) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
        const Json record = Json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (record.is_discarded() || !record.is_object()) {
            ++earlier.torn;
            continue;
        }
        // Only reports are reused: an error may have been passing (a file
        // being copied, a worker killed by a full machine); it is tried again.
        if (record.contains("sha256") && record.contains("file") && record["file"].is_string() &&
            !record.contains("error"))
            earlier.lines[record["file"].get<std::string>()] = line;
    }
}

// The options as compared: the thread count aside, and the analyzers as a
// set (the Detector records them in pipeline order, not as given).
Json comparable_options(Json options) {
    if (!options.is_object()) return options;
    options.erase("threads");
    if (options.contains("analyzers") && options["analyzers"].is_array()) {
        auto names = options["analyzers"].get<std::vector<Json>>();
        std::sort(names.begin(), names.end());
        options["analyzers"] = names;
    }
    return options;
}

std::string text_of(const Json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The batch's summary of a reused record (summary file, case summary, HTML
// index), from the record itself.
OutcomeSummary summary_of(const Json& record) {
    OutcomeSummary s;
    s.file = text_of(record, "file");
    s.ok = true;
    s.sha256 = text_of(record, "sha256");
    s.format = text_of(record, "format");
    s.width = record.value("width", 0);
    s.height = record.value("height", 0);
    const Json verdict = record.value("verdict", Json::object());
    s.verdict = text_of(verdict, "label");
    if (verdict.contains("score") && verdict["score"].is_number()) s.verdict_score = verdict["score"].get<double>();
    if (verdict.contains("probabilities") && verdict["probabilities"].is_object())
        for (const auto& [question, p] : verdict["probabilities"].items())
            if (p.is_number()) s.probabilities[question] = p.get<double>();
    const Json hashes = record.value("hashes", Json::object());
    s.pdq = text_of(hashes, "pdq");
    s.pdq_quality = hashes.value("pdq_quality", 0);
    for (const auto& a : record.value("analyzers", Json::array())) {
        AnalyzerCell cell{text_of(a, "name"), a.value("applicable", false), std::nullopt};
        if (a.contains("score") && a["score"].is_number()) cell.score = a["score"].get<double>();
        if (cell.applicable && cell.score) s.highest_score = std::max(s.highest_score, *cell.score);
        if (cell.name == "metadata" && a.contains("evidence")) {
            const Json& e = a["evidence"];
            if (e.contains("declared") && e["declared"].is_boolean()) s.declared_ai = e["declared"].get<bool>() ? "true" : "false";
            s.generator = text_of(e, "generator");
        }
        s.analyzers.push_back(std::move(cell));
    }
    s.text = s.file + "\n  verdict: " + s.verdict + " (reused from an earlier scan of the same bytes)\n";
    return s;
}

}  // namespace

EarlierRecords read_earlier_records(const std::string& out) {
    namespace fs = std::filesystem;
    EarlierRecords earlier;
    const fs::path target(out);
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string prefix = target.filename().string() + ".partial-";
    std::vector<std::string> partials;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.is_regular_file(ec) && entry.path().filename().string().rfind(prefix, 0) == 0)
            partials.push_back(entry.path().string());
    std::sort(partials.begin(), partials.end());
    if (fs::is_regular_file(target, ec)) read_lines(out, earlier);
    for (const auto& partial : partials) {
        read_lines(partial, earlier);
        earlier.leftovers.push_back(partial);
    }
    return earlier;
}

RunIdentity current_identity(const WorkerConfig& config, const std::string& model_dir) {
    RunIdentity identity;
    identity.tool_version = version_string();
    Options options = config.options(1);
    if (options.analyzers.empty()) options.analyzers = available_analyzers();  // as the Detector records them
    identity.options = comparable_options(Json::parse(to_json(options)));
    for (const auto& model : list_models(model_dir).models) identity.models[model.name] = model.expected_sha256;
    return identity;
}

std::optional<JobResult> reuse(const EarlierRecords& earlier, const RunIdentity& identity, const ScanJob& job) {
    const auto found = earlier.lines.find(job.path);
    if (found == earlier.lines.end()) return std::nullopt;
    const Json record = Json::parse(found->second);
    if (text_of(record.value("tool", Json::object()), "version") != identity.tool_version) return std::nullopt;
    if (comparable_options(record.value("options", Json::object())) != identity.options) return std::nullopt;
    for (const auto& model : record.value("models", Json::array())) {
        const auto now = identity.models.find(text_of(model, "name"));
        if (now == identity.models.end() || now->second != text_of(model, "sha256")) return std::nullopt;
    }
    try {
        if (file_sha256(job.path) != text_of(record, "sha256")) return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;  // gone or unreadable now: analyzed again, and reported
    }
    JobResult result;
    result.index = job.index;
    result.record = found->second;
    result.summary = summary_of(record);
    return result;
}

}  // namespace libdetect::cli
