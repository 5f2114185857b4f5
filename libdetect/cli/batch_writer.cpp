#include "batch_writer.hpp"

#include "case_summary.hpp"

#include "html_reports.hpp"
#include "summary_csv.hpp"

#include <libdetect/error.hpp>
#include <libdetect/html.hpp>
#include <libdetect/report.hpp>

#include <filesystem>
#include <iostream>

namespace libdetect::cli {
namespace {

bool ends_with(const std::string& text, const std::string& end) {
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

BatchWriter::BatchWriter(const ScanSettings& settings, const std::vector<std::string>& inputs)
    : settings_(settings),
      guard_(settings.input.paths, inputs),
      total_(inputs.size()),
      array_(settings.format == "json" && total_ > 1) {
    for (const auto* output : {&settings.out, &settings.summary, &settings.case_summary, &settings.html, &settings.heatmaps})
        guard_.check(*output);
    summaries_.resize(total_);
    html_cells_.resize(total_);
    if (!settings.heatmaps.empty()) std::filesystem::create_directories(settings.heatmaps);
    if (!settings.html.empty() && total_ > 1) std::filesystem::create_directories(settings.html);
    if (!settings.out.empty()) out_ = std::make_unique<AtomicFile>(settings.out);
}

void BatchWriter::emit(const std::string& text) {
    if (out_) out_->write(text);
    else std::cout << text << std::flush;
}

void BatchWriter::write_heatmaps(JobResult& result) {
    std::vector<std::string> written;
    try {
        for (const auto& heatmap : result.heatmaps) {
            guard_.check(heatmap.path);
            write_file_atomically(heatmap.path, heatmap.png);
            written.push_back(heatmap.path);
        }
    } catch (const Error& e) {
        std::error_code ignored;
        for (const auto& path : written) std::filesystem::remove(path, ignored);
        result = JobResult::failed(ScanJob{result.index, result.summary.file, {}, {}}, e.type(), e.what(),
                                   record_indent(settings_.format));
    }
    result.heatmaps.clear();
}

void BatchWriter::write_html(const JobResult& result) {
    if (settings_.html.empty() || !result.summary.ok) return;
    std::string& cell = html_cells_[result.index];
    if (result.html.empty()) {
        cell = "not written: " + html_escape(result.html_error);
        return;
    }
    const std::string name = html_report_name(result.index);
    const std::string path = total_ == 1 ? settings_.html : (std::filesystem::path(settings_.html) / name).string();
    try {
        write_file_atomically(path, result.html);
        cell = "<a href=\"" + name + "\">" + name + "</a>";
    } catch (const Error& e) {
        cell = "not written: " + html_escape(e.what());
        if (total_ == 1) std::cerr << "libdetect: " << e.what() << "\n";
    }
}

void BatchWriter::accept(JobResult&& result) {
    write_heatmaps(result);
    write_html(result);
    summaries_[result.index] = std::move(result.summary);
    waiting_.emplace(result.index, std::move(result.record));
    // Records go out in input order, so the same scan gives the same output
    // whatever the order in which workers finish.
    for (auto next = waiting_.find(emitted_); next != waiting_.end(); next = waiting_.find(emitted_)) {
        // The array opens with its first record: a scan that cannot start prints nothing.
        emit((array_ ? (emitted_ ? ",\n" : "[\n") : "") + next->second + (array_ ? "" : "\n"));
        waiting_.erase(next);
        ++emitted_;
    }
}

int BatchWriter::finish() {
    if (array_) emit("\n]\n");
    if (out_) out_->commit();
    if (!settings_.summary.empty()) {
        std::string text;
        if (ends_with(settings_.summary, ".csv")) {
            text = summary_csv(summaries_);
        } else {
            std::size_t failed = 0, skipped = 0;
            for (const auto& s : summaries_) {
                text += s.text;
                (is_skipped(s) ? skipped : failed) += s.ok ? 0 : 1;
            }
            text += summary_totals(total_, skipped, failed);
        }
        write_file_atomically(settings_.summary, text);
    }
    const bool html_folder = !settings_.html.empty() && total_ > 1;
    if (!settings_.case_summary.empty() || html_folder) {
        const nlohmann::json summary = case_summary(summaries_);  // once for both outputs
        if (!settings_.case_summary.empty())
            write_file_atomically(settings_.case_summary, summary.dump(2) + "\n");
        if (html_folder)
            write_file_atomically((std::filesystem::path(settings_.html) / "index.html").string(),
                                  html_index(summaries_, html_cells_, case_summary_html(summary)));
    }
    int code = 0;
    for (const auto& s : summaries_) {
        if (s.ok || is_skipped(s)) continue;
        std::cerr << "libdetect: " << s.file << ": " << s.error_message << "\n";
        code = 1;
    }
    return code;
}

}  // namespace libdetect::cli
