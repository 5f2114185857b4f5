#include "cli_support.hpp"
#include "commands.hpp"
#include "html_reports.hpp"
#include "summary_csv.hpp"

#include <libdetect/libdetect.hpp>

#include <filesystem>
#include <iostream>
#include <sstream>

namespace libdetect::cli {
namespace {

// Writes each heatmap of a successful report and records its path in the
// report; if one cannot be written, removes those already written and throws.
void write_heatmaps(ScanOutcome& outcome, const std::string& directory,
                    std::set<std::string>& taken) {
    Report& report = *outcome.report;
    std::vector<std::string> written;
    try {
        for (auto& result : report.analyzers) {
            if (result.heatmap.empty()) continue;
            const std::string path = heatmap_path(directory, outcome.file, result.name, taken);
            save_heatmap_png(result.heatmap, report.width, report.height, path);
            written.push_back(path);
            result.heatmap.path = path;
        }
    } catch (const Error&) {
        std::error_code ignored;
        for (const auto& path : written) std::filesystem::remove(path, ignored);
        throw;
    }
}

std::string render(const std::vector<ScanOutcome>& outcomes, const std::string& format) {
    std::string text;
    if (format == "jsonl") {
        for (const auto& outcome : outcomes) text += to_json(outcome, -1) + "\n";
    } else if (outcomes.size() == 1) {
        text = to_json(outcomes.front(), 2) + "\n";
    } else {
        text = "[";
        for (std::size_t i = 0; i < outcomes.size(); ++i)
            text += (i ? ",\n" : "\n") + to_json(outcomes[i], 2);
        text += "\n]\n";
    }
    return text;
}

}  // namespace

void add_scan_command(CLI::App& app, ScanSettings& s) {
    CLI::App* scan = app.add_subcommand("scan", "Analyze images and write a report per image");
    add_input_options(*scan, s.input);
    add_output_options(*scan, s.format, {"json", "jsonl"}, s.out);
    scan->add_option("--summary", s.summary,
                     "Also write a summary to FILE: CSV (one row per input) when FILE ends in .csv, else plain text");
    scan->add_option("--heatmaps", s.heatmaps,
                     "Write heatmaps as 8-bit PNG (<stem>.<analyzer>.png) into DIR");
    scan->add_option("--analyzers", s.analyzers,
                     "Comma-separated analyzers to run (default: all)");
    scan->add_option("--html", s.html,
                     "Also write a self-contained HTML report: to FILE for one input, into a folder (with "
                     "index.html) for several");
    scan->add_flag("--no-blur", s.no_blur, "Show previews in HTML reports unblurred (default: blurred until clicked)");
    scan->add_option("--model-dir", s.model_dir,
                     "Folder with the learned models and their manifest.json (default: $LIBDETECT_MODEL_DIR, "
                     "else the installed models)");
    scan->add_option("--model-threads", s.model_threads, "Threads for one network evaluation (default 1)")
        ->check(CLI::PositiveNumber);
    scan->add_option("--face-landmarks", s.face_landmarks_model,
                     "dlib 68-point landmark model for the face analyzer (default: Debian's libdlib-data)");
    scan->add_option("--max-faces", s.max_faces, "Analyse at most this many faces per image (default 32)")
        ->check(CLI::PositiveNumber);
    scan->add_flag("--gps-coordinates", s.gps_coordinates,
                   "Put GPS coordinates from the metadata into the report (default: only say whether "
                   "GPS data is present)");
}

int run_scan(const ScanSettings& s) {
    Options options;
    options.analyzers = split_list(s.analyzers);
    options.threads = s.input.threads;
    options.heatmaps = true;
    options.gps_coordinates = s.gps_coordinates;
    options.model_dir = s.model_dir;
    options.model_threads = s.model_threads;
    options.face_landmarks_model = s.face_landmarks_model;
    options.max_faces = s.max_faces;
    options.limits = s.input.limits();

    try {
        const Detector detector(options);
        if (!s.heatmaps.empty()) std::filesystem::create_directories(s.heatmaps);

        const std::vector<std::string> inputs = expand_inputs(s.input.paths, s.input.recursive);
        if (inputs.empty()) {
            std::cerr << "libdetect: no image files found in the given paths\n";
            return 1;
        }
        std::vector<ScanOutcome> outcomes = detector.analyze_files(inputs, progress_reporter(inputs.size()));

        std::set<std::string> taken;
        for (auto& outcome : outcomes) {
            if (outcome.ok() && !s.heatmaps.empty()) {
                try {
                    write_heatmaps(outcome, s.heatmaps, taken);
                } catch (const Error& e) {
                    outcome = ScanOutcome{outcome.file, std::nullopt, e.type(), e.what()};
                }
            }
        }
        if (!s.summary.empty()) {
            const bool csv = s.summary.size() >= 4 && s.summary.compare(s.summary.size() - 4, 4, ".csv") == 0;
            write_file_atomically(s.summary, csv ? summary_csv(outcomes) : summary_text(outcomes));
        }
        if (!s.html.empty()) {
            HtmlOptions html;
            html.blur_previews = !s.no_blur;
            write_html_reports(outcomes, s.html, options, html);
        }
        return finish_batch(s.out, render(outcomes, s.format), outcomes);
    } catch (const std::exception& e) {  // libdetect errors, filesystem errors, out of memory...
        std::cerr << "libdetect: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace libdetect::cli
