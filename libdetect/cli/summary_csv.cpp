#include "summary_csv.hpp"

#include "cli_support.hpp"

#include <algorithm>
#include <cstdio>

namespace libdetect::cli {
namespace {

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

std::string evidence_text(const AnalyzerResult* result, const char* key) {
    if (!result) return {};
    const auto it = result->evidence.find(key);
    if (it == result->evidence.end()) return {};
    if (const auto* b = std::get_if<bool>(&it->second)) return *b ? "true" : "false";
    if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
    return {};
}

}  // namespace

std::string summary_csv(const std::vector<ScanOutcome>& outcomes) {
    std::vector<std::string> analyzers;  // every analyzer seen, in pipeline order of first appearance
    for (const auto& outcome : outcomes)
        if (outcome.report)
            for (const auto& result : outcome.report->analyzers)
                if (std::find(analyzers.begin(), analyzers.end(), result.name) == analyzers.end())
                    analyzers.push_back(result.name);

    std::string csv = "file,status,error_type,error,sha256,format,width,height,verdict,verdict_score,"
                      "declared_ai,generator";
    for (const auto& name : analyzers) csv += "," + name + "_applicable," + name + "_score";
    csv += "\n";
    for (const auto& outcome : outcomes) {
        csv += csv_field(outcome.file);
        if (!outcome.report) {
            csv += ",error," + csv_field(outcome.error_type) + "," + csv_field(outcome.error_message) + ",,,,,,,,";
            for (std::size_t i = 0; i < analyzers.size(); ++i) csv += ",,";
            csv += "\n";
            continue;
        }
        const Report& r = *outcome.report;
        const AnalyzerResult* metadata = r.find("metadata");
        csv += ",ok,,," + r.sha256 + "," + r.format + "," + std::to_string(r.width) + "," + std::to_string(r.height) +
               "," + r.verdict.label + "," + (r.verdict.score ? number(*r.verdict.score) : "") + "," +
               evidence_text(metadata, "declared") + "," + csv_field(evidence_text(metadata, "generator"));
        for (const auto& name : analyzers) {
            const AnalyzerResult* result = r.find(name);
            csv += ",";
            if (result) csv += result->applicable ? "true" : "false";
            csv += ",";
            if (result && result->score) csv += number(*result->score);
        }
        csv += "\n";
    }
    return csv;
}

}  // namespace libdetect::cli
