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

}  // namespace

std::string summary_csv(const std::vector<OutcomeSummary>& outcomes) {
    std::vector<std::string> analyzers;  // every analyzer seen, in pipeline order of first appearance
    for (const auto& outcome : outcomes)
        for (const auto& cell : outcome.analyzers)
            if (std::find(analyzers.begin(), analyzers.end(), cell.name) == analyzers.end())
                analyzers.push_back(cell.name);

    std::string csv = "file,status,error_type,error,sha256,format,width,height,verdict,verdict_score,"
                      "declared_ai,generator";
    for (const auto& name : analyzers) csv += "," + name + "_applicable," + name + "_score";
    csv += "\n";
    for (const auto& outcome : outcomes) {
        csv += csv_field(outcome.file);
        if (!outcome.ok) {
            csv += std::string(is_skipped(outcome) ? ",skipped," : ",error,") + csv_field(outcome.error_type) + "," +
                   csv_field(outcome.error_message) + ",,,,,,,,";
            for (std::size_t i = 0; i < analyzers.size(); ++i) csv += ",,";
            csv += "\n";
            continue;
        }
        csv += ",ok,,," + outcome.sha256 + "," + outcome.format + "," + std::to_string(outcome.width) + "," +
               std::to_string(outcome.height) + "," + outcome.verdict + "," +
               (outcome.verdict_score ? number(*outcome.verdict_score) : "") + "," + outcome.declared_ai + "," +
               csv_field(outcome.generator);
        for (const auto& name : analyzers) {
            const auto cell = std::find_if(outcome.analyzers.begin(), outcome.analyzers.end(),
                                           [&](const AnalyzerCell& c) { return c.name == name; });
            const bool ran = cell != outcome.analyzers.end();
            csv += ",";
            if (ran) csv += cell->applicable ? "true" : "false";
            csv += ",";
            if (ran && cell->score) csv += number(*cell->score);
        }
        csv += "\n";
    }
    return csv;
}

}  // namespace libdetect::cli
