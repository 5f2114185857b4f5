#pragma once

#include "analysis/analyzer.hpp"

namespace libdetect::forensics {

// Local noise level: Immerkaer's second-order residual (which cancels smooth
// gradients), edges excluded, robust per-block estimate; the heatmap shows how
// far each block's noise is from the image's typical level (in robust
// z-scores of log noise), the score how much coherent area deviates.
class NoiseAnalyzer final : public analysis::Analyzer {
public:
    static constexpr const char* kName = "noise";
    static constexpr int kBlock = 16;
    const char* name() const noexcept override { return kName; }
    const char* version() const noexcept override { return "1.0.0"; }
    AnalyzerResult analyze(const analysis::AnalysisContext& context) const override;
};

}  // namespace libdetect::forensics
