// The libdetect command: `libdetect scan ...`, `libdetect --version`.
#include "commands.hpp"

#include <libdetect/version.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"libdetect: detect AI-generated, face-swapped and locally edited images, offline"};
    app.set_version_flag("--version", std::string("libdetect ") + libdetect::version_string() +
                                          " (" + libdetect::git_revision() + ")");
    app.require_subcommand(1);

    libdetect::cli::ScanSettings scan;
    libdetect::cli::add_scan_command(app, scan);

    CLI11_PARSE(app, argc, argv);
    if (app.got_subcommand("scan")) return libdetect::cli::run_scan(scan);
    return 2;
}
