#pragma once

#include <libdetect/report.hpp>

#include <vector>

namespace libdetect::fusion {

// Combines the analyzers' results into one verdict. Only calibrated scores
// may move the verdict away from "inconclusive".
Verdict fuse(const std::vector<AnalyzerResult>& results);

}  // namespace libdetect::fusion
