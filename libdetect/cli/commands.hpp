#pragma once

#include <libdetect/options.hpp>
#include <libdetect/source.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace libdetect::cli {

// Inputs and limits, shared by every subcommand that reads images.
struct InputSettings {
    std::vector<std::string> paths;
    bool recursive = false;
    int threads = 0;
    unsigned long long max_pixels = 0;      // 0: library default
    unsigned long long max_file_bytes = 0;  // 0: library default

    Limits limits() const;
};

struct ScanSettings {
    InputSettings input;
    std::string format = "json";
    std::string out;        // empty: stdout
    std::string summary;    // text summary file, empty: none
    std::string case_summary;  // JSON case summary file (case_summary.hpp), empty: none
    std::string heatmaps;   // heatmap directory, empty: none
    std::string analyzers;  // comma-separated, empty: all
    bool gps_coordinates = false;
    std::string model_dir;  // empty: the default search (Options::model_dir)
    int model_threads = 1;
    std::string face_landmarks_model;  // empty: Debian's (Options::face_landmarks_model)
    int max_faces = Options{}.max_faces;
    std::string html;       // HTML report file (one input) or folder (several), empty: none
    bool no_blur = false;
    // Supervision (supervisor.hpp): limits of each worker process, or none
    // of it with in_process.
    double file_timeout_s = 300;
    unsigned long long worker_memory_mb = 6144;
    bool in_process = false;
    bool worker_per_file = false;  // a fresh worker for every file: no file can affect another's analysis
    bool resume = false;  // reuse what an earlier scan into the same --out recorded (resume.hpp)
};

struct HashSettings {
    InputSettings input;
    std::string format = "csv";
    std::string out;
};

struct MatchSettings {
    InputSettings input;
    std::string hashes;  // the CSV list of known hashes
    int threshold = 31;
    std::string format = "jsonl";
    std::string out;
};

struct SourceSettings {
    std::string suspect;
    InputSettings input;       // the candidate originals (--in)
    std::string heatmap;       // difference heatmap PNG, empty: none
    std::string mask;          // changed-region mask PNG, empty: none
    int top = SourceSearchOptions{}.verify_top;
    int min_inliers = SourceSearchOptions{}.min_inliers;
    std::string out;
};

struct ModelsSettings {
    std::string model_dir;  // empty: where a scan would look
    std::string format = "text";
    std::string out;
};

// Each registers its subcommand; the settings are filled by parsing.
void add_scan_command(CLI::App& app, ScanSettings& settings);
void add_hash_command(CLI::App& app, HashSettings& settings);
void add_match_command(CLI::App& app, MatchSettings& settings);
void add_source_command(CLI::App& app, SourceSettings& settings);
void add_models_command(CLI::App& app, ModelsSettings& settings);

// Each runs a parsed subcommand and returns the process exit code: 0 done,
// 1 some input failed, 2 the command itself could not run.
int run_scan(const ScanSettings& settings);
int run_hash(const HashSettings& settings);
int run_match(const MatchSettings& settings);
int run_source(const SourceSettings& settings);
// 0: every model matches its manifest; 1: one is missing or differs; 2: no manifest.
int run_models(const ModelsSettings& settings);

// The hidden `scan-worker` subcommand (supervisor.hpp): reads jobs on stdin,
// answers on stdout.
int run_scan_worker();

// Registers --format (one of `formats`, the first being the default) and
// --out on a subcommand.
void add_output_options(CLI::App& command, std::string& format, const std::vector<std::string>& formats,
                        std::string& out);

// Registers the options of InputSettings on a subcommand; `paths_option` is
// "paths" (positional) or an option name such as "--in".
void add_input_options(CLI::App& command, InputSettings& settings, const std::string& paths_option = "paths");

}  // namespace libdetect::cli
