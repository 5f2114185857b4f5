// `libdetect match --hashes LIST PATH...`: which inputs are, or are near
// copies of, images on a list of known hashes.
#include "cli_support.hpp"
#include "commands.hpp"

#include <libdetect/libdetect.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace libdetect::cli {
namespace {

using Json = nlohmann::ordered_json;

Json match_record(const HashOutcome& outcome, const std::vector<HashMatch>& matches,
                  const HashList& list, int threshold) {
    const ImageHashes& h = *outcome.hashes;
    Json found = Json::array();
    for (const auto& m : matches) {
        const KnownHash& known = list.at(m.index);
        found.push_back({{"label", known.label},
                         {"line", known.line},
                         {"distance", m.distance},
                         {"pdq_match", m.distance <= threshold},
                         {"md5_equal", m.md5_equal}});
    }
    return Json{{"file", outcome.file},
                {"sha256", h.sha256},
                {"md5", h.md5},
                {"pdq", h.pdq.to_hex()},
                {"pdq_quality", h.pdq.quality},
                // Upstream advice: PDQ hashes of quality below 50 match unreliably.
                {"low_quality", h.pdq.quality < PdqHash::kMinUsefulQuality},
                {"threshold", threshold},
                {"matches", std::move(found)}};
}

}  // namespace

void add_match_command(CLI::App& app, MatchSettings& s) {
    CLI::App* match = app.add_subcommand(
        "match", "Match images against a CSV list of known PDQ (and MD5) hashes");
    add_input_options(*match, s.input);
    match->add_option("--hashes", s.hashes, "CSV with a header naming columns pdq, md5, label")
        ->required();
    match->add_option("--threshold", s.threshold, "Largest PDQ distance that counts as a match")
        ->check(CLI::Range(0, 256))
        ->capture_default_str();
    add_output_options(*match, s.format, {"jsonl", "csv"}, s.out);
}

int run_match(const MatchSettings& s) {
    try {
        const HashList list = HashList::load_csv(s.hashes);
        for (const auto& problem : list.problems())
            std::cerr << s.hashes << ":" << problem.line << ": skipped: " << problem.message << "\n";
        std::cerr << "libdetect: " << list.size() << " known hashes loaded from " << s.hashes << "\n";

        const auto inputs = expand_inputs(s.input.paths, s.input.recursive);
        const auto outcomes =
            hash_files(inputs, s.input.limits(), s.input.threads, progress_reporter(inputs.size()));
        std::string text;
        if (s.format == "csv") text = "file,pdq_quality,low_quality,distance,md5_equal,label,line,error\n";
        for (const auto& outcome : outcomes) {
            if (!outcome.ok()) {
                text += s.format == "jsonl"
                            ? to_json(outcome, -1) + "\n"
                            : csv_field(outcome.file) + ",,,,,,," +
                                  csv_field(outcome.error_type + ": " + outcome.error_message) + "\n";
                continue;
            }
            const ImageHashes& h = *outcome.hashes;
            const auto matches = list.query(h.pdq, s.threshold, h.md5);
            if (s.format == "jsonl") {
                text += match_record(outcome, matches, list, s.threshold).dump(-1, ' ', false,
                                                                               Json::error_handler_t::replace) + "\n";
                continue;
            }
            const std::string prefix = csv_field(outcome.file) + "," + std::to_string(h.pdq.quality) + "," +
                                       (h.pdq.quality < PdqHash::kMinUsefulQuality ? "true" : "false") + ",";
            if (matches.empty()) text += prefix + ",,,,\n";
            for (const auto& m : matches)
                text += prefix + std::to_string(m.distance) + "," + (m.md5_equal ? "true" : "false") + "," +
                        csv_field(list.at(m.index).label) + "," + std::to_string(list.at(m.index).line) + ",\n";
        }
        return finish_batch(s.out, text, outcomes);
    } catch (const std::exception& e) {
        std::cerr << "libdetect: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace libdetect::cli
