#include "case_summary.hpp"

#include <libdetect/html.hpp>
#include <libdetect/match.hpp>

#include <algorithm>
#include <map>
#include <numeric>

namespace libdetect::cli {
namespace {

using Json = nlohmann::json;

// Union-find over the inputs: two inputs are one item when their bytes are
// equal or their PDQ hashes (both of useful quality) are within the match
// threshold. The PDQ pairs come from HashList's multi-index search, not a
// scan of every pair, so 100,000 inputs stay cheap.
class Groups {
public:
    explicit Groups(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
    std::size_t root(std::size_t i) {
        while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
        return i;
    }
    void join(std::size_t a, std::size_t b) { parent_[root(a)] = root(b); }

private:
    std::vector<std::size_t> parent_;
};

Json duplicate_groups(const std::vector<OutcomeSummary>& outcomes) {
    Groups groups(outcomes.size());
    std::map<std::string, std::size_t> first_with_bytes;
    HashList hashes;
    std::vector<std::size_t> hashed;  // HashList index -> input
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const OutcomeSummary& s = outcomes[i];
        if (!s.ok) continue;
        const auto [it, inserted] = first_with_bytes.emplace(s.sha256, i);
        if (!inserted) groups.join(i, it->second);
        if (s.pdq_quality >= PdqHash::kMinUsefulQuality && !s.pdq.empty()) {
            hashes.add({PdqHash::from_hex(s.pdq), {}, {}, 0});
            hashed.push_back(i);
        }
    }
    for (std::size_t k = 0; k < hashed.size(); ++k)
        for (const HashMatch& match : hashes.query(hashes.at(k).pdq, PdqHash::kMatchThreshold))
            groups.join(hashed[k], hashed[match.index]);
    std::map<std::size_t, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < outcomes.size(); ++i)
        if (outcomes[i].ok) members[groups.root(i)].push_back(i);
    Json out = Json::array();
    for (const auto& [root, group] : members) {
        if (group.size() < 2) continue;
        Json files = Json::array();
        bool same_bytes = true;
        for (std::size_t i : group) {
            files.push_back(outcomes[i].file);
            same_bytes = same_bytes && outcomes[i].sha256 == outcomes[group.front()].sha256;
        }
        out.push_back({{"files", files}, {"same_bytes", same_bytes}});
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
