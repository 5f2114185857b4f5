#pragma once

#include "scan_job.hpp"

#include <string>
#include <vector>

namespace libdetect::cli {

// The file name of input `index`'s report inside an HTML folder.
std::string html_report_name(std::size_t index);

// index.html of an HTML folder: the case summary (`case_summary_html`, made
// by the caller, who may also write it as JSON), then one row per input,
// sorted by the highest analyzer score (failed inputs last, with their
// error); `cells[i]` is the HTML of input i's report cell (a link, or why it
// was not written).
std::string html_index(const std::vector<OutcomeSummary>& outcomes, const std::vector<std::string>& cells,
                       const std::string& case_summary_html);

}  // namespace libdetect::cli
