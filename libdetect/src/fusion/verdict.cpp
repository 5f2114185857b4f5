#include "fusion/verdict.hpp"

namespace libdetect::fusion {

Verdict fuse(const std::vector<AnalyzerResult>& results) {
    Verdict verdict;
    verdict.label = "inconclusive";
    bool any_score = false;
    for (const auto& result : results)
        if (result.applicable && result.score) any_score = true;
    // No calibrated combination exists yet (the fusion model is fitted by the
    // calibration work), so even scored analyzers cannot yield a verdict.
    verdict.rationale = any_score
        ? "analyzer scores are reported individually; no calibrated fusion model is installed, "
          "so no verdict is drawn"
        : "no analyzer that ran produces a calibrated probability; read the evidence and "
          "heatmaps";
    return verdict;
}

}  // namespace libdetect::fusion
