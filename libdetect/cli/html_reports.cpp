#include "html_reports.hpp"

#include "cli_support.hpp"

#include <libdetect/libdetect.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace libdetect::cli {
namespace {

double highest_score(const ScanOutcome& outcome) {
    double best = -1.0;
    if (outcome.report)
        for (const auto& r : outcome.report->analyzers)
            if (r.applicable && r.score) best = std::max(best, *r.score);
    return best;
}

std::string report_html(const ScanOutcome& outcome, const Options& options, const HtmlOptions& html) {
    return to_html(*outcome.report, Image::from_file(outcome.file, options.limits), html);
}

}  // namespace

void write_html_reports(const std::vector<ScanOutcome>& outcomes, const std::string& path, const Options& options,
                        const HtmlOptions& html) {
    if (outcomes.size() == 1) {
        if (outcomes.front().report) write_file_atomically(path, report_html(outcomes.front(), options, html));
        return;
    }
    std::filesystem::create_directories(path);
    std::vector<std::size_t> order(outcomes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return highest_score(outcomes[a]) > highest_score(outcomes[b]); });
    std::string index = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>libdetect batch</title>"
                        "<style>body{font:15px system-ui,sans-serif;margin:2em}td,th{border:1px solid #ddd;padding:3px 8px}"
                        "table{border-collapse:collapse}</style></head><body><h1>libdetect batch report</h1>"
                        "<p>Sorted by the highest analyzer score. Scores are evidence, not proof.</p><table>"
                        "<tr><th>file</th><th>verdict</th><th>highest score</th><th>report</th></tr>\n";
    for (const std::size_t i : order) {
        const ScanOutcome& outcome = outcomes[i];
        index += "<tr><td>" + html_escape(outcome.file) + "</td>";
        if (!outcome.report) {
            index += "<td colspan=\"3\">error " + html_escape(outcome.error_type) + ": " + html_escape(outcome.error_message) + "</td></tr>\n";
            continue;
        }
        char name[32];
        std::snprintf(name, sizeof name, "report-%04zu.html", i + 1);
        std::string cell;
        try {
            write_file_atomically((std::filesystem::path(path) / name).string(), report_html(outcome, options, html));
            cell = std::string("<a href=\"") + name + "\">" + name + "</a>";
        } catch (const Error& e) {
            cell = "not written: " + html_escape(e.what());
        }
        const double score = highest_score(outcome);
        char text[16];
        std::snprintf(text, sizeof text, "%.3f", score);
        index += "<td>" + html_escape(outcome.report->verdict.label) + "</td><td>" + (score >= 0 ? text : "none") + "</td><td>" +
                 cell + "</td></tr>\n";
    }
    index += "</table></body></html>\n";
    write_file_atomically((std::filesystem::path(path) / "index.html").string(), index);
}

}  // namespace libdetect::cli
