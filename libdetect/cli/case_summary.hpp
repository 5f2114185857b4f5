// The case summary an investigator reads first: how many inputs gave which
// verdict, the generators files declare, groups of duplicates (the same
// bytes, or the same picture re-encoded or resized: PDQ distance <= 31 from
// the group's first file, so one picture shared many times is one case item), the inputs that failed
// and why, and the images ranked highest by each probability. Built from the
// batch's small per-input summaries, never from the full reports.
#pragma once

#include "scan_job.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace libdetect::cli {

constexpr std::size_t kTopImages = 10;  // per probability

nlohmann::json case_summary(const std::vector<OutcomeSummary>& outcomes);

// The same as an HTML section for the folder index.
std::string case_summary_html(const nlohmann::json& summary);

}  // namespace libdetect::cli
