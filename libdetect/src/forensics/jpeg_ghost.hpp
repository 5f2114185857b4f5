#pragma once

#include "analysis/analyzer.hpp"

namespace libdetect::forensics {

// JPEG analysis: quantization-table evidence and JPEG ghosts (Farid 2009).
// Re-saving at a range of qualities, a region that was once compressed at
// quality q0 changes least near q0; where that dip differs from the rest of
// the picture, the region has another compression history. Not applicable
// to images that were never JPEG.
class JpegGhostAnalyzer final : public analysis::Analyzer {
public:
    static constexpr const char* kName = "jpeg";
    static constexpr int kBlock = 16;
    const char* name() const noexcept override { return kName; }
    const char* version() const noexcept override { return "1.0.0"; }
    AnalyzerResult analyze(const analysis::AnalysisContext& context) const override;
};

}  // namespace libdetect::forensics
