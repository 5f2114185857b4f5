// `libdetect source SUSPECT --in FOLDER`: which photo was this edit made
// from, and what changed.
#include "cli_support.hpp"
#include "commands.hpp"

#include <libdetect/libdetect.hpp>

#include <iostream>

namespace libdetect::cli {

void add_source_command(CLI::App& app, SourceSettings& s) {
    CLI::App* source = app.add_subcommand(
        "source", "Find the original photo an edited image was made from, and map what changed");
    source->add_option("suspect", s.suspect, "The edited (suspect) image")->required();
    add_input_options(*source, s.input, "--in");
    source->add_option("--heatmap", s.heatmap, "Write the difference heatmap (PNG, suspect's size)");
    source->add_option("--mask", s.mask, "Write the changed-region mask (PNG, suspect's size)");
    source->add_option("--top", s.top, "Candidates verified with local features")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    source->add_option("--min-inliers", s.min_inliers, "Feature matches needed to accept a source")
        ->check(CLI::Range(4, 100000))
        ->capture_default_str();
    source->add_option("--out,-o", s.out, "Write the JSON result to FILE instead of stdout");
}

int run_source(const SourceSettings& s) {
    try {
        const Image suspect = Image::from_file(s.suspect, s.input.limits());
        SourceSearchOptions options;
        options.verify_top = s.top;
        options.min_inliers = s.min_inliers;
        options.limits = s.input.limits();
        options.threads = s.input.threads;
        const auto candidates = expand_inputs(s.input.paths, s.input.recursive);
        SourceMatch match = find_source(suspect, candidates, options, progress_reporter(candidates.size()));
        if (match.found && !s.heatmap.empty()) {
            save_heatmap_png(match.difference, suspect.width(), suspect.height(), s.heatmap);
            match.difference_file = s.heatmap;
        }
        if (match.found && !s.mask.empty()) {
            save_heatmap_png(match.changed_mask, suspect.width(), suspect.height(), s.mask);
            match.changed_mask_file = s.mask;
        }
        write_output(s.out, to_json(match) + "\n");
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "libdetect: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace libdetect::cli
