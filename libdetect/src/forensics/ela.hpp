#pragma once

#include "analysis/analyzer.hpp"

namespace libdetect::forensics {

// Error level analysis: re-save the image as JPEG and map how much each 8x8
// block changes. Regions whose compression history differs from the rest
// (pasted from another file, repainted) change by a different amount.
class ElaAnalyzer final : public analysis::Analyzer {
public:
    static constexpr const char* kName = "ela";
    // Re-save quality. A block whose DCT coefficients already sit on the
    // coarse lattice of an earlier save near this quality barely changes;
    // content with another history (pasted from a better-quality copy,
    // repainted, never compressed) changes more. Measured on code-made splices
    // (tests/unit/forensics/test_ela.cpp), re-saving at 75 separates them far
    // better than re-saving at the file's own last quality, which mostly maps
    // texture.
    static constexpr int kResaveQuality = 75;
    // The heatmap shows a block's error relative to the image's median block
    // error: value = error / (kRelativeScale * median + kScaleFloor), clipped
    // to 1. The median block therefore sits near 1/3 of the scale.
    static constexpr double kRelativeScale = 3.0;
    static constexpr double kScaleFloor = 0.5;  // gray levels: keeps flat images from amplifying noise

    const char* name() const noexcept override { return kName; }
    const char* version() const noexcept override { return "1.0.0"; }
    AnalyzerResult analyze(const analysis::AnalysisContext& context) const override;
};

}  // namespace libdetect::forensics
