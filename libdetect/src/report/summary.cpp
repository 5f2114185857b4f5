#include <libdetect/report.hpp>

#include <cstdio>
#include <sstream>

LIBDETECT_NAMESPACE_BEGIN
namespace {

std::string format_number(double value, const char* format) {
    char text[64];
    std::snprintf(text, sizeof(text), format, value);
    return text;
}

std::string analyzer_cell(const AnalyzerResult& result) {
    if (!result.applicable) return result.name + ": n/a (" + result.reason + ")";
    if (result.score) return result.name + ": score " + format_number(*result.score, "%.3f");
    // Evidence-only analyzers: what they established, else a pointer to the evidence.
    std::string cell = result.name + ": evidence";
    if (const auto& jpeg = result.findings.jpeg_history) cell += ", JPEG quality " + std::to_string(jpeg->quality_estimate);
    return cell;
}

}  // namespace

std::string to_json(const ScanOutcome& outcome, int indent) {
    return outcome.report ? to_json(*outcome.report, indent)
                          : error_to_json(outcome.file, outcome.error_type, outcome.error_message, indent);
}

std::string summary_lines(const ScanOutcome& outcome) {
    std::ostringstream out;
    out << outcome.file << "\n";
    if (outcome.skipped()) {
        out << "  SKIPPED: " << outcome.error_message << "\n";
        return out.str();
    }
    if (!outcome.report) {
        out << "  ERROR " << outcome.error_type << ": " << outcome.error_message << "\n";
        return out.str();
    }
    const Report& r = *outcome.report;
    out << "  " << r.format << " " << r.width << "x" << r.height << ", " << r.bytes
        << " bytes, sha256 " << r.sha256 << "\n";
    out << "  verdict: " << r.verdict.label;
    if (r.verdict.score) out << " (" << format_number(*r.verdict.score, "%.3f") << ")";
    out << " - " << r.verdict.rationale << "\n";
    for (const auto& result : r.analyzers) {
        out << "  " << analyzer_cell(result);
        if (!result.heatmap_file.empty()) out << " heatmap=" << result.heatmap_file;
        out << "\n";
    }
    return out.str();
}

std::string summary_text(const std::vector<ScanOutcome>& outcomes) {
    std::string text;
    std::size_t failed = 0, skipped = 0;
    for (const auto& outcome : outcomes) {
        text += summary_lines(outcome);
        if (outcome.skipped()) ++skipped;
        else if (!outcome.report) ++failed;
    }
    return text + summary_totals(outcomes.size(), skipped, failed);
}

std::string summary_totals(std::size_t inputs, std::size_t skipped, std::size_t failed) {
    return std::to_string(inputs) + " input(s), " + std::to_string(inputs - skipped - failed) + " analyzed, " +
           (skipped ? std::to_string(skipped) + " skipped (not images), " : std::string()) + std::to_string(failed) +
           " failed\n";
}

LIBDETECT_NAMESPACE_END
