#include "source/registration.hpp"

#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>

namespace libdetect::source {
namespace {

constexpr int kMaxFeatures = 3000;
constexpr float kRatio = 0.75f;
constexpr double kRansacPixels = 4.0;  // at the working resolution (long side <= 1024)
constexpr int kMinMatches = 8;

}  // namespace

Features detect_features(const cv::Mat& gray) {
    Features features;
    cv::SIFT::create(kMaxFeatures)->detectAndCompute(gray, cv::noArray(), features.keypoints,
                                                      features.descriptors);
    return features;
}

std::optional<Registration> register_onto(const Features& suspect, const Features& candidate) {
    if (suspect.descriptors.rows < 2 || candidate.descriptors.rows < 2) return std::nullopt;
    cv::BFMatcher matcher(cv::NORM_L2);
    std::vector<std::vector<cv::DMatch>> knn;
    matcher.knnMatch(candidate.descriptors, suspect.descriptors, knn, 2);
    std::vector<cv::Point2f> from, to;
    for (const auto& pair : knn) {
        if (pair.size() < 2 || pair[0].distance >= kRatio * pair[1].distance) continue;
        from.push_back(candidate.keypoints[pair[0].queryIdx].pt);
        to.push_back(suspect.keypoints[pair[0].trainIdx].pt);
    }
    if (static_cast<int>(from.size()) < kMinMatches) return std::nullopt;
    std::vector<unsigned char> inlier_mask;
    cv::Mat homography = cv::findHomography(from, to, cv::RANSAC, kRansacPixels, inlier_mask, 2000, 0.995);
    if (homography.empty()) return std::nullopt;
    Registration registration;
    registration.homography = homography;
    registration.inliers = cv::countNonZero(inlier_mask);
    return registration;
}

}  // namespace libdetect::source
