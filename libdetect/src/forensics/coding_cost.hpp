#pragma once

#include "analysis/analyzer.hpp"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace libdetect::forensics {

// Lossless coding cost across scales, a training-free cue of AI generation
// after ZED (Cozzolino et al., ECCV 2024): a generator's pixels are more
// predictable at full resolution, relative to a half-resolution copy, than a
// camera's, so they cost fewer bits to code losslessly. The coder is WebP
// lossless (libwebp, the settings of WebPEncodeLosslessRGB), on the luma of
// a centred crop of at most 512 x 512 px and on its 2x2 area-averaged half
// and quarter. The half-to-quarter step lies above the 8x8 JPEG grid, so a
// re-shared JPEG disturbs it less than the full-to-half step.
struct CodingCost {
    double bits_full = 0.0;  // bits per pixel of the crop
    double bits_half = 0.0;  // bits per pixel of its half-resolution copy
    double bits_quarter = 0.0;
    int crop_width = 0, crop_height = 0;
    // The features the model reads, in its order (coding_cost_feature_names()).
    std::vector<double> features() const;
};
const std::vector<std::string>& coding_cost_feature_names();

// Bits per pixel of an 8-bit, one-channel image coded as WebP lossless.
double webp_lossless_bits_per_pixel(const cv::Mat& gray);

// The crop that is coded: centred, at most 512 x 512, even offsets and size.
cv::Rect coding_cost_crop(const cv::Size& size);

// The measurement on an 8-bit grey image of at least 64 px on a side.
CodingCost measure_coding_cost(const cv::Mat& gray);

class CodingCostAnalyzer final : public analysis::Analyzer {
public:
    static constexpr const char* kName = "coding_cost";
    static constexpr const char* kModelFile = "coding-cost-lr.json";
    static constexpr int kMinSide = 64;
    static constexpr int kCrop = 512;
    const char* name() const noexcept override { return kName; }
    const char* version() const noexcept override { return "1.1.0"; }
    AnalyzerResult analyze(const analysis::AnalysisContext& context) const override;
    std::vector<ModelInfo> models() const override;
};

}  // namespace libdetect::forensics
