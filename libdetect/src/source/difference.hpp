// Where a registered original and the suspect differ.
#pragma once

#include <opencv2/core.hpp>

namespace libdetect::source {

struct Difference {
    cv::Mat heat;   // CV_32F in [0, 1]
    cv::Mat mask;   // CV_8U, 255 = changed
    double changed_fraction = 0.0;  // of the valid (overlapping) area
};

// `valid` marks suspect pixels covered by the warped original (CV_8U, 255).
Difference difference_map(const cv::Mat& suspect_bgr, const cv::Mat& warped_bgr, const cv::Mat& valid);

}  // namespace libdetect::source
