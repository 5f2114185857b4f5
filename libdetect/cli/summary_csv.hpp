#pragma once

#include "scan_job.hpp"

#include <string>
#include <vector>

namespace libdetect::cli {

// One row per input: identity, verdict, what the metadata declares, and each
// analyzer's applicability and score (empty cells where there is none), so
// that pandas.read_csv gives typed columns.
std::string summary_csv(const std::vector<OutcomeSummary>& outcomes);

}  // namespace libdetect::cli
