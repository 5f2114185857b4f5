// Local-feature registration of a candidate original onto a suspect image.
#pragma once

#include <opencv2/core.hpp>

#include <optional>
#include <vector>

namespace libdetect::source {

struct Features {
    std::vector<cv::KeyPoint> keypoints;
    cv::Mat descriptors;
};

// SIFT keypoints of an 8-bit gray image.
Features detect_features(const cv::Mat& gray);

struct Registration {
    int inliers = 0;
    cv::Mat homography;  // 3x3 CV_64F, candidate pixel -> suspect pixel
};

// Ratio-tested matches (Lowe, 0.75) then a RANSAC homography; nothing when
// too few matches survive to estimate one.
std::optional<Registration> register_onto(const Features& suspect, const Features& candidate);

}  // namespace libdetect::source
