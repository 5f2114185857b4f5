#pragma once

#include "analysis/analyzer.hpp"

namespace libdetect::forensics {

// Copy-move detection: SIFT keypoints matched against the same image (second
// nearest neighbour beyond the point itself, ratio test), clustered by RANSAC
// similarity transforms, then densely verified by comparing the image with
// itself warped by each transform. The heatmap marks both the copied region
// and its source (which is which cannot be told from pixels alone).
class CopyMoveAnalyzer final : public analysis::Analyzer {
public:
    static constexpr const char* kName = "copy_move";
    const char* name() const noexcept override { return kName; }
    const char* version() const noexcept override { return "1.0.0"; }
    AnalyzerResult analyze(const analysis::AnalysisContext& context) const override;
};

}  // namespace libdetect::forensics
