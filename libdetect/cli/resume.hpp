// `scan --resume`: the records an earlier scan into the same --out file left
// behind (the finished file, or the <out>.partial-* file of a scan that was
// killed; a torn last line is dropped), and which of them can stand for a
// new analysis: same path, same bytes (SHA-256, of a regular file of the
// recorded size), same build (version and git revision), same options (the
// thread count aside) and the same models.
#pragma once

#include "scan_job.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace libdetect::cli {

struct EarlierRecords {
    std::map<std::string, std::string> lines;  // file -> its report record (one JSON line)
    std::vector<std::string> leftovers;        // partial files read: removed once the new output is in place
    std::size_t torn = 0;                      // lines that did not parse (a killed writer's last line)
};

// Read before this run creates its own temporary output.
EarlierRecords read_earlier_records(const std::string& out);

// What this scan would record about itself.
struct RunIdentity {
    std::string tool_version;
    std::string git_revision;
    std::uint64_t max_file_bytes = 0;
    nlohmann::json options;                     // the report's "options" (threads aside, analyzers sorted)
    std::map<std::string, std::string> models;  // name -> SHA-256 of what would be loaded
};

RunIdentity current_identity(const WorkerConfig& config, const std::string& model_dir);

// The earlier record of `path`, when it still holds for this run.
std::optional<JobResult> reuse(const EarlierRecords& earlier, const RunIdentity& identity, const ScanJob& job);

}  // namespace libdetect::cli
