#pragma once

#include "analysis/analyzer.hpp"

namespace libdetect::forensics {

// Aligned double JPEG compression (see double_quantization.hpp): whether the
// picture was saved as JPEG twice, the first quality, and a map of blocks
// that look saved only once — where a region was pasted in or repainted
// between the two saves. Not applicable to files that are not JPEG, and says
// so when no double compression is found (then the map has nothing to show).
class DoubleJpegAnalyzer final : public analysis::Analyzer {
public:
    static constexpr const char* kName = "jpeg_dq";
    const char* name() const noexcept override { return kName; }
    const char* version() const noexcept override { return "1.0.0"; }
    AnalyzerResult analyze(const analysis::AnalysisContext& context) const override;
};

}  // namespace libdetect::forensics
