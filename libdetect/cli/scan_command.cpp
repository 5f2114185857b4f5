#include "batch_writer.hpp"
#include "cli_support.hpp"
#include "commands.hpp"
#include "resume.hpp"
#include "scan_job.hpp"
#include "supervisor.hpp"

#include <libdetect/libdetect.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

namespace libdetect::cli {
namespace {

// One job per entry to analyze, indexed by its place among all entries;
// inputs that share a file stem get "-2", "-3"... after the analyzer in
// their heatmap names, in input order.
std::vector<ScanJob> jobs_of(const std::vector<InputEntry>& inputs, const std::string& heatmaps) {
    std::vector<ScanJob> jobs;
    std::map<std::string, int> stems;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (!inputs[i].skipped.empty()) continue;
        ScanJob job{i, inputs[i].path, {}, {}};
        if (!heatmaps.empty()) {
            const std::string stem = std::filesystem::path(inputs[i].path).stem().string();
            const int seen = stems[stem]++;
            job.heatmap_base = (std::filesystem::path(heatmaps) / stem).string();
            if (seen) job.heatmap_suffix = "-" + std::to_string(seen + 1);
        }
        jobs.push_back(std::move(job));
    }
    return jobs;
}

}  // namespace

void add_scan_command(CLI::App& app, ScanSettings& s) {
    CLI::App* scan = app.add_subcommand("scan", "Analyze images and write a report per image");
    add_input_options(*scan, s.input);
    add_output_options(*scan, s.format, {"json", "jsonl"}, s.out);
    scan->add_option("--summary", s.summary,
                     "Also write a summary to FILE: CSV (one row per input) when FILE ends in .csv, else plain text");
    scan->add_option("--case-summary", s.case_summary,
                     "Also write the case summary as JSON to FILE: counts per verdict, declared generators, "
                     "duplicate groups (same bytes or PDQ distance <= 31), failures, top images by each probability");
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
    scan->add_option("--file-timeout", s.file_timeout_s,
                     "Stop the analysis of one file after this many seconds and report it as 'timeout' "
                     "(0: no limit)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    scan->add_option("--worker-memory", s.worker_memory_mb,
                     "Address-space limit of each analysis process, in MiB (0: no limit)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    scan->add_flag("--worker-per-file", s.worker_per_file,
                   "Start a fresh worker process for every file (about a second more per file for the "
                   "models): a file that takes a worker over through a parser bug then cannot touch the "
                   "analysis of any other file");
    scan->add_flag("--in-process", s.in_process,
                   "Analyze in this process instead of supervised worker processes: faster to start, but a "
                   "file that crashes a decoder ends the whole scan");
    scan->add_flag("--resume", s.resume,
                   "With --out FILE --format jsonl: reuse the reports an earlier scan into FILE left (finished, "
                   "or killed part-way), for inputs whose bytes, options, tool and model versions are unchanged; "
                   "analyze the rest");
    scan->add_flag("--gps-coordinates", s.gps_coordinates,
                   "Put GPS coordinates from the metadata into the report (default: only say whether "
                   "GPS data is present)");
}

int run_scan(const ScanSettings& s) {
    try {
        const std::vector<InputEntry> entries = list_inputs(s.input.paths, s.input.recursive);
        std::vector<std::string> inputs;
        for (const auto& entry : entries) inputs.push_back(entry.path);
        if (entries.empty()) {
            std::cerr << "libdetect: no files found in the given paths\n";
            return 1;
        }
        const WorkerConfig config = WorkerConfig::of(s);
        EarlierRecords earlier;
        if (s.resume) {
            if (s.out.empty() || s.format != "jsonl")
                throw InvalidArgument("--resume needs --out FILE and --format jsonl");
            // Heatmap and HTML file names follow the input order, which a
            // resumed folder may not share with the killed scan.
            if (!s.heatmaps.empty() || !s.html.empty())
                throw InvalidArgument("--resume cannot be combined with --heatmaps or --html");
            earlier = read_earlier_records(s.out);  // before this run's own temporary exists
        }
        BatchWriter writer(s, inputs);
        // Entries that are not images get their record at once (not failures).
        for (std::size_t i = 0; i < entries.size(); ++i)
            if (!entries[i].skipped.empty())
                writer.accept(JobResult::failed(ScanJob{i, entries[i].path, {}, {}}, "skipped", entries[i].skipped,
                                                config.indent));
        std::vector<ScanJob> jobs = jobs_of(entries, s.heatmaps);
        if (s.resume) {
            const RunIdentity identity = current_identity(config, s.model_dir);
            std::size_t reused = 0;
            jobs.erase(std::remove_if(jobs.begin(), jobs.end(),
                                      [&](const ScanJob& job) {
                                          auto result = reuse(earlier, identity, job);
                                          if (!result) return false;
                                          writer.accept(std::move(*result));
                                          ++reused;
                                          return true;
                                      }),
                       jobs.end());
            std::cerr << "libdetect: resuming: " << reused << " earlier report(s) reused, " << jobs.size()
                      << " input(s) to analyze" << (earlier.torn ? ", a torn last line dropped" : "") << "\n";
        }
        const ProgressCallback progress = progress_reporter(jobs.size());
        std::size_t done = 0;
        const ResultSink sink = [&](JobResult&& result) {
            writer.accept(std::move(result));
            if (progress) progress(++done, jobs.size());
        };
        const int workers = s.input.threads > 0 ? s.input.threads : int(std::max(1u, std::thread::hardware_concurrency()));
        if (s.in_process) {
            run_in_process(config, workers, jobs, sink);
        } else {
            SupervisorLimits limits;
            limits.workers = workers;
            limits.file_timeout_s = s.file_timeout_s;
            limits.worker_per_file = s.worker_per_file;
            limits.memory_bytes = std::uint64_t(s.worker_memory_mb) << 20;
            run_supervised(config, limits, jobs, sink);
        }
        const int status = writer.finish();
        // The new output holds every reused record: the killed scans' leftovers go.
        std::error_code ignored;  // a leftover that cannot be removed is read again next time, harmlessly
        for (const auto& leftover : earlier.leftovers) std::filesystem::remove(leftover, ignored);
        return status;
    } catch (const std::exception& e) {  // workers that cannot start, libdetect and filesystem errors...
        std::cerr << "libdetect: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace libdetect::cli
