#include "case_summary.hpp"

#include <libdetect/html.hpp>
#include <libdetect/match.hpp>

#include <algorithm>
#include <map>

namespace libdetect::cli {
namespace {

using Json = nlohmann::json;

// Groups of one picture: inputs with the same bytes, and inputs whose PDQ
// hash (of useful quality) lies within the match threshold of the group's
// first input (its anchor). Anchored rather than transitive, so that a
// burst of photos or video frames, each close to the next, does not chain
// into one "picture"; and each input joins one group, so N copies of one
// picture cost one search (HashList's multi-index), not N.
Json duplicate_groups(const std::vector<OutcomeSummary>& outcomes) {
    constexpr std::size_t kNone = std::size_t(-1);
    std::vector<std::size_t> group_of(outcomes.size(), kNone);
    std::vector<std::vector<std::size_t>> groups;
    std::vector<int> farthest;
    std::map<std::string, std::size_t> group_of_bytes;
    HashList hashes;
    std::vector<std::size_t> hashed;  // HashList index -> input
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const OutcomeSummary& s = outcomes[i];
        if (!s.ok) continue;
        if (const auto same = group_of_bytes.find(s.sha256); same != group_of_bytes.end()) {
            group_of[i] = same->second;  // a byte-identical copy: found by its first copy's search
            groups[same->second].push_back(i);
            continue;
        }
        group_of[i] = groups.size();
        group_of_bytes[s.sha256] = groups.size();
        groups.push_back({i});
        farthest.push_back(0);
        if (s.pdq_quality < PdqHash::kMinUsefulQuality || s.pdq.size() != 64) continue;
        try {
            hashes.add({PdqHash::from_hex(s.pdq), {}, {}, 0});
            hashed.push_back(i);
        } catch (const std::exception&) {
            // an unreadable hash (from a reused record) takes no part
        }
    }
    // Anchors in input order: an input not yet merged into an earlier
    // anchor's group takes in the singletons within the threshold of it.
    std::vector<bool> merged(groups.size(), false);
    for (std::size_t k = 0; k < hashed.size(); ++k) {
        const std::size_t anchor = group_of[hashed[k]];
        if (merged[anchor]) continue;
        for (const HashMatch& match : hashes.query(hashes.at(k).pdq, PdqHash::kMatchThreshold)) {
            const std::size_t other = group_of[hashed[match.index]];
            if (other == anchor || merged[other] || other < anchor) continue;
            for (std::size_t i : groups[other]) {
                group_of[i] = anchor;
                groups[anchor].push_back(i);
            }
            groups[other].clear();
            merged[other] = true;
            farthest[anchor] = std::max(farthest[anchor], match.distance);
        }
    }
    Json out = Json::array();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].size() < 2) continue;
        std::sort(groups[g].begin(), groups[g].end());
        Json files = Json::array();
        bool same_bytes = true;
        for (std::size_t i : groups[g]) {
            files.push_back(outcomes[i].file);
            same_bytes = same_bytes && outcomes[i].sha256 == outcomes[groups[g].front()].sha256;
        }
        out.push_back({{"files", files}, {"same_bytes", same_bytes}, {"max_pdq_distance_to_first", farthest[g]}});
    }
    return out;
}

// "A; B" as the metadata analyzer joins the generators it names.
std::vector<std::string> split_generators(const std::string& text) {
    std::vector<std::string> names;
    std::size_t from = 0;
    while (from <= text.size()) {
        const std::size_t end = std::min(text.find("; ", from), text.size());
        if (end > from) names.push_back(text.substr(from, end - from));
        from = end + 2;
    }
    return names;
}

std::string escape(const Json& value) { return html_escape(value.is_string() ? value.get<std::string>() : value.dump()); }

}  // namespace

Json case_summary(const std::vector<OutcomeSummary>& outcomes) {
    Json verdicts = Json::object(), declared = Json::object(), failures = Json::array();
    std::size_t analyzed = 0, skipped = 0;
    std::map<std::string, std::vector<std::pair<double, std::string>>> ranked;
    for (const OutcomeSummary& s : outcomes) {
        if (is_skipped(s)) {
            ++skipped;
            continue;
        }
        if (!s.ok) {
            failures.push_back({{"file", s.file}, {"type", s.error_type}, {"message", s.error_message}});
            continue;
        }
        ++analyzed;
        verdicts[s.verdict] = verdicts.value(s.verdict, 0) + 1;
        if (s.declared_ai == "true")
            for (const auto& generator : split_generators(s.generator.empty() ? "unnamed" : s.generator))
                declared[generator].push_back(s.file);
        for (const auto& [question, probability] : s.probabilities) ranked[question].emplace_back(probability, s.file);
    }
    Json top = Json::object();
    for (auto& [question, list] : ranked) {
        std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        Json entries = Json::array();
        for (std::size_t i = 0; i < std::min(list.size(), kTopImages); ++i)
            entries.push_back({{"file", list[i].second}, {"probability", list[i].first}});
        top[question] = entries;
    }
    return {{"schema", "libdetect.case-summary/1"},
            {"inputs", outcomes.size()},
            {"analyzed", analyzed},
            {"skipped", skipped},
            {"failed", failures.size()},
            {"verdicts", verdicts},
            {"declared_generators", declared},
            {"duplicate_groups", duplicate_groups(outcomes)},
            {"failures", failures},
            {"top_by_probability", top}};
}

std::string case_summary_html(const Json& summary) {
    std::string html = "<h2>Case summary</h2><p>" + summary["inputs"].dump() + " input(s): " +
                       summary["analyzed"].dump() + " analyzed, " + summary["skipped"].dump() +
                       " skipped (not images), " + summary["failed"].dump() + " failed.</p><ul>";
    for (const auto& [label, count] : summary["verdicts"].items())
        html += "<li>" + html_escape(label) + ": " + count.dump() + "</li>";
    html += "</ul>";
    if (!summary["declared_generators"].empty()) {
        html += "<h3>Declared AI generation</h3><ul>";
        for (const auto& [generator, files] : summary["declared_generators"].items())
            html += "<li>" + html_escape(generator) + ": " + std::to_string(files.size()) + " file(s)</li>";
        html += "</ul>";
    }
    if (!summary["duplicate_groups"].empty()) {
        html += "<h3>Duplicates (one picture, several files)</h3><ul>";
        for (const auto& group : summary["duplicate_groups"]) {
            std::string files;
            for (const auto& f : group["files"]) files += (files.empty() ? "" : ", ") + escape(f);
            html += "<li>" + std::string(group["same_bytes"].get<bool>() ? "same bytes: " : "same picture: ") + files +
                    "</li>";
        }
        html += "</ul>";
    }
    for (const auto& [question, entries] : summary["top_by_probability"].items()) {
        html += "<h3>Highest " + html_escape(question) + " probability</h3><ol>";
        for (const auto& e : entries) {
            char value[16];
            std::snprintf(value, sizeof value, "%.3f", e["probability"].get<double>());
            html += "<li>" + escape(e["file"]) + " (" + value + ")</li>";
        }
        html += "</ol>";
    }
    if (!summary["failures"].empty()) {
        html += "<h3>Failed inputs</h3><ul>";
        for (const auto& f : summary["failures"])
            html += "<li>" + escape(f["file"]) + ": " + escape(f["type"]) + ": " + escape(f["message"]) + "</li>";
        html += "</ul>";
    }
    return html;
}

}  // namespace libdetect::cli
