// Non-aligned double JPEG compression (after Bianchi & Piva 2012, "integer
// periodicity maps"): a JPEG that was cropped off its 8-px grid and saved
// again keeps, on the *old* grid, block DC values that are multiples of the
// first save's DC step. Every one of the 63 other grid shifts is tried; a
// shift whose DC values cluster at multiples of some step reveals the first
// compression, and blocks that do not fit it were pasted in or changed
// afterwards.
#pragma once

#include <opencv2/core.hpp>

namespace libdetect::forensics {

struct NonalignedQuantization {
    bool detected = false;
    int shift_y = 0, shift_x = 0;   // the first save's grid origin in this image
    int dc_step = 0;                // the first save's DC quantization step
    double periodicity = 0.0;       // |mean exp(2 pi i DC / step)| at that shift, 0..1
    double baseline = 0.0;          // the same, median over the other shifts
    cv::Mat block_llr;              // CV_32F, blocks of the final 8-px grid: log P(not first-saved)/P(first-saved)
};

// luma: CV_8U (or CV_32F holding whole numbers 0-255: block sums must be exact). Empty result (detected = false) below 64 px a side.
NonalignedQuantization analyze_nonaligned_quantization(const cv::Mat& luma);

}  // namespace libdetect::forensics
