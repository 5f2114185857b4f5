// The libdetect command: `libdetect scan|hash|match|source|models ...`, `libdetect --version`.
#include "commands.hpp"

#include <libdetect/version.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"libdetect: detect AI-generated, face-swapped and locally edited images, offline"};
    app.set_version_flag("--version", std::string("libdetect ") + libdetect::version_string() +
                                          " (" + libdetect::git_revision() + ")");
    app.require_subcommand(1);

    libdetect::cli::ScanSettings scan;
    libdetect::cli::HashSettings hash;
    libdetect::cli::MatchSettings match;
    libdetect::cli::SourceSettings source;
    libdetect::cli::add_scan_command(app, scan);
    libdetect::cli::add_hash_command(app, hash);
    libdetect::cli::add_match_command(app, match);
    libdetect::cli::add_source_command(app, source);
    libdetect::cli::ModelsSettings models;
    libdetect::cli::add_models_command(app, models);
    // Started by `scan` for each analysis process; hidden from --help.
    app.add_subcommand("scan-worker", "")->group("");

    CLI11_PARSE(app, argc, argv);
    if (app.got_subcommand("scan")) return libdetect::cli::run_scan(scan);
    if (app.got_subcommand("hash")) return libdetect::cli::run_hash(hash);
    if (app.got_subcommand("match")) return libdetect::cli::run_match(match);
    if (app.got_subcommand("source")) return libdetect::cli::run_source(source);
    if (app.got_subcommand("models")) return libdetect::cli::run_models(models);
    if (app.got_subcommand("scan-worker")) return libdetect::cli::run_scan_worker();
    return 2;
}
