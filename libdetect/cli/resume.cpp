#include "resume.hpp"

#include <libdetect/detector.hpp>
#include <libdetect/hashes.hpp>
#include <libdetect/error.hpp>
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
    const bool hex = s.pdq.size() == 64 && s.pdq.find_first_not_of("0123456789abcdef") == std::string::npos;
    s.pdq_quality = hex && hashes.contains("pdq_quality") && hashes["pdq_quality"].is_number_integer()
                        ? hashes["pdq_quality"].get<int>()
                        : 0;
    if (!hex) s.pdq.clear();
    for (const auto& a : record.value("analyzers", Json::array())) {
        AnalyzerCell cell{text_of(a, "name"), a.value("applicable", false), std::nullopt};
        if (a.contains("score") && a["score"].is_number()) cell.score = a["score"].get<double>();
        if (cell.applicable && cell.score) s.highest_score = std::max(s.highest_score, *cell.score);
        if (a.contains("findings") && a["findings"].is_object() && a["findings"].contains("declaration") &&
            s.declared_ai.empty()) {
            const Json& d = a["findings"]["declaration"];
            if (d.contains("ai_generated") && d["ai_generated"].is_boolean())
                s.declared_ai = d["ai_generated"].get<bool>() ? "true" : "false";
            s.generator = text_of(d, "generator");
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
    identity.git_revision = git_revision();
    identity.max_file_bytes = config.max_file_bytes ? config.max_file_bytes : Limits{}.max_file_bytes;
    Options options = config.options(1);
    if (options.analyzers.empty()) options.analyzers = available_analyzers();  // as the Detector records them
    identity.options = comparable_options(Json::parse(to_json(options)));
    try {
        for (const auto& model : list_models(model_dir).models) identity.models[model.name] = model.expected_sha256;
    } catch (const Error&) {
        // No model manifest: only records that used no model can be reused.
    }
    return identity;
}

std::optional<JobResult> reuse(const EarlierRecords& earlier, const RunIdentity& identity, const ScanJob& job) {
    const auto found = earlier.lines.find(job.path);
    if (found == earlier.lines.end()) return std::nullopt;
    // The earlier output may be damaged or not ours: anything unexpected in
    // it means "analyze again", never an aborted scan.
    try {
        const Json record = Json::parse(found->second);
        const Json tool = record.value("tool", Json::object());
        // The same build: a version number stays the same across builds whose
        // analyzers differ, the git revision does not ("unknown": no reuse).
        if (text_of(tool, "version") != identity.tool_version || identity.git_revision == "unknown" ||
            text_of(tool, "git_revision") != identity.git_revision)
            return std::nullopt;
        if (comparable_options(record.value("options", Json::object())) != identity.options) return std::nullopt;
        for (const auto& model : record.value("models", Json::array())) {
            const auto now = identity.models.find(text_of(model, "name"));
            if (now == identity.models.end() || now->second != text_of(model, "sha256")) return std::nullopt;
        }
        // Hash only what the earlier analysis could have read: a regular file
        // (a FIFO or a link to a device put in its place would block or never
        // end) of the recorded size, within the size limit.
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::file_status status = fs::status(job.path, ec);
        if (ec || !fs::is_regular_file(status)) return std::nullopt;
        const std::uintmax_t size = fs::file_size(job.path, ec);
        if (ec || size > identity.max_file_bytes || !record.contains("bytes") || !record["bytes"].is_number_unsigned() ||
            record["bytes"].get<std::uintmax_t>() != size)
            return std::nullopt;
        if (file_sha256(job.path) != text_of(record, "sha256")) return std::nullopt;
        JobResult result;
        result.index = job.index;
        result.record = found->second;
        result.summary = summary_of(record);
        return result;
    } catch (const std::exception&) {
        return std::nullopt;  // malformed record, or the file gone or unreadable now: analyzed again
    }
}

}  // namespace libdetect::cli
