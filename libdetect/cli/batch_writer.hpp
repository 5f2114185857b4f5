// Writes a scan's outputs as its inputs finish: each JSON record is streamed
// in input order as soon as the inputs before it are done, each heatmap and
// HTML report is written when its input finishes and then released. Only a
// small summary per input is kept, for the summary file and the HTML index
// written at the end. Memory stays flat in the number of inputs' reports.
#pragma once

#include "cli_support.hpp"
#include "commands.hpp"
#include "scan_job.hpp"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace libdetect::cli {

class BatchWriter {
public:
    // `inputs`: the expanded input files. Throws InvalidArgument when an
    // output would overwrite evidence (EvidenceGuard).
    BatchWriter(const ScanSettings& settings, const std::vector<std::string>& inputs);

    // Takes one finished input, in any order.
    void accept(JobResult&& result);

    // Completes the record stream, writes the summary and the HTML index,
    // names each failed input on stderr; returns 1 when any input failed, else 0.
    int finish();

private:
    void write_heatmaps(JobResult& result);
    void write_html(const JobResult& result);
    void emit(const std::string& record);

    const ScanSettings& settings_;
    EvidenceGuard guard_;
    std::size_t total_;
    bool array_;  // records form one JSON array (--format json, several inputs)
    std::unique_ptr<AtomicFile> out_;  // empty: records go to stdout
    std::size_t emitted_ = 0;
    std::map<std::size_t, std::string> waiting_;  // finished records not yet in order
    std::vector<OutcomeSummary> summaries_;
    std::vector<std::string> html_cells_;
};

}  // namespace libdetect::cli
