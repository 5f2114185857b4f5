#pragma once

#include "analysis/analyzer.hpp"

namespace libdetect::forensics {

// Frequency analysis (Durall et al. 2020, Dzanic et al. 2020, Corvi et al.
// 2023): the power spectrum of a median-filter residual, averaged over
// 128-px tiles, reduced to its radial profile, high-frequency decay and
// periodic peaks; a logistic regression (models/frequency-spectrum-lr.json)
// turns them into a probability of AI generation. The heatmap applies the
// same model to each tile alone.
class FrequencyAnalyzer final : public analysis::Analyzer {
public:
    static constexpr const char* kName = "frequency";
    static constexpr const char* kModelFile = "frequency-spectrum-lr.json";
    const char* name() const noexcept override { return kName; }
    const char* version() const noexcept override { return "1.1.0"; }
    AnalyzerResult analyze(const analysis::AnalysisContext& context) const override;
    std::vector<ModelInfo> models() const override;
};

}  // namespace libdetect::forensics
