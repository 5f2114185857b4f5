// `libdetect hash PATH...`: SHA-256, MD5, PDQ (+ quality) and pHash per image.
#include "cli_support.hpp"
#include "commands.hpp"

#include <libdetect/libdetect.hpp>

#include <iostream>

namespace libdetect::cli {

void add_hash_command(CLI::App& app, HashSettings& s) {
    CLI::App* hash = app.add_subcommand("hash", "Print SHA-256, MD5, PDQ and pHash of images");
    add_input_options(*hash, s.input);
    add_output_options(*hash, s.format, {"csv", "jsonl"}, s.out);
}

int run_hash(const HashSettings& s) {
    try {
        const auto inputs = expand_inputs(s.input.paths, s.input.recursive);
        const auto outcomes =
            hash_files(inputs, s.input.limits(), s.input.threads, progress_reporter(inputs.size()));
        std::string text;
        if (s.format == "csv") text = "file,sha256,md5,pdq,pdq_quality,phash,error\n";
        for (const auto& outcome : outcomes) {
            if (s.format == "jsonl") {
                text += to_json(outcome, -1) + "\n";
            } else if (outcome.ok()) {
                const ImageHashes& h = *outcome.hashes;
                text += csv_field(outcome.file) + "," + h.sha256 + "," + h.md5 + "," + h.pdq.to_hex() +
                        "," + std::to_string(h.pdq.quality) + "," + h.phash + ",\n";
            } else {
                text += csv_field(outcome.file) + ",,,,,," +
                        csv_field(outcome.error_type + ": " + outcome.error_message) + "\n";
            }
        }
        return finish_batch(s.out, text, outcomes);
    } catch (const std::exception& e) {
        std::cerr << "libdetect: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace libdetect::cli
