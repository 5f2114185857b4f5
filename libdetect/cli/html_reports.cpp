#include "html_reports.hpp"

#include <libdetect/html.hpp>

#include <algorithm>
#include <cstdio>

namespace libdetect::cli {

std::string html_report_name(std::size_t index) {
    char name[32];
    std::snprintf(name, sizeof name, "report-%04zu.html", index + 1);
    return name;
}

std::string html_index(const std::vector<OutcomeSummary>& outcomes, const std::vector<std::string>& cells,
                       const std::string& case_summary_html) {
    std::vector<std::size_t> order(outcomes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return outcomes[a].highest_score > outcomes[b].highest_score;
    });
    std::string index = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>libdetect batch</title>"
                        "<style>body{font:15px system-ui,sans-serif;margin:2em}td,th{border:1px solid #ddd;padding:3px 8px}"
                        "table{border-collapse:collapse}</style></head><body><h1>libdetect batch report</h1>" +
                        case_summary_html + "<h2>Every input</h2>"
                        "<p>Sorted by the highest analyzer score. Scores are evidence, not proof.</p><table>"
                        "<tr><th>file</th><th>verdict</th><th>highest score</th><th>report</th></tr>\n";
    for (const std::size_t i : order) {
        const OutcomeSummary& outcome = outcomes[i];
        index += "<tr><td>" + html_escape(outcome.file) + "</td>";
        if (!outcome.ok) {
            index += std::string("<td colspan=\"3\">") +
                     (is_skipped(outcome) ? "skipped: " : "error " + html_escape(outcome.error_type) + ": ") +
                     html_escape(outcome.error_message) + "</td></tr>\n";
            continue;
        }
        char score[16];
        std::snprintf(score, sizeof score, "%.3f", outcome.highest_score);
        index += "<td>" + html_escape(outcome.verdict) + "</td><td>" + (outcome.highest_score >= 0 ? score : "none") +
                 "</td><td>" + cells[i] + "</td></tr>\n";
    }
    return index + "</table></body></html>\n";
}

}  // namespace libdetect::cli
