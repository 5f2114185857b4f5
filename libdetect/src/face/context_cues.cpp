#include "face/context_cues.hpp"

#include "core/statistics.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace libdetect::face {
namespace {

constexpr int kMinPixels = 200;

// Noise sigma from the median absolute residual after a 3x3 median filter
// (robust to edges that a plain variance would count as noise).
double robust_noise(const cv::Mat& residual, const cv::Mat& mask) {
    std::vector<float> values;
    for (int y = 0; y < residual.rows; ++y)
        for (int x = 0; x < residual.cols; ++x)
            if (mask.at<uchar>(y, x)) values.push_back(std::abs(residual.at<float>(y, x)));
    return 1.4826 * median_in_place(values);
}

// One axis of the block-grid search: for each phase p, the mean jump across
// the columns x = 8k + p - 1 | x + 1, minus the mean jump beside them, so that
// smooth gradients cancel and only block edges remain.
std::array<double, 8> blocking_by_phase(const cv::Mat& gray, const cv::Mat& mask) {
    std::array<double, 8> sum{}, count{};
    for (int y = 0; y < gray.rows; ++y) {
        const float* row = gray.ptr<float>(y);
        for (int x = 1; x + 2 < gray.cols; ++x) {
            if (!mask.empty() && !mask.at<uchar>(y, x)) continue;
            const double across = std::abs(row[x + 1] - row[x]);
            const double beside = 0.5 * (std::abs(row[x] - row[x - 1]) + std::abs(row[x + 2] - row[x + 1]));
            const int phase = (x + 1) % 8;  // a block edge between x and x + 1 starts a block at x + 1
            sum[std::size_t(phase)] += across - beside;
            count[std::size_t(phase)] += 1;
        }
    }
    std::array<double, 8> mean{};
    for (std::size_t p = 0; p < 8; ++p) mean[p] = count[p] > 0 ? sum[p] / count[p] : 0.0;
    return mean;
}

std::pair<int, double> strongest_phase(const std::array<double, 8>& blocking) {
    const auto best = std::max_element(blocking.begin(), blocking.end());
    double others = 0.0;
    for (std::size_t p = 0; p < 8; ++p)
        if (int(p) != best - blocking.begin()) others += blocking[p];
    others /= 7.0;
    return {int(best - blocking.begin()), std::max(0.0, *best - others)};
}

cv::Point2d mean_chroma(const cv::Mat& lab, const cv::Mat& mask) {
    const cv::Scalar mean = cv::mean(lab, mask);
    return {mean[1], mean[2]};
}

}  // namespace

GridPhase block_grid_phase(const cv::Mat& gray, const cv::Mat& mask) {
    CV_Assert(gray.type() == CV_32F);
    const auto [x, strength_x] = strongest_phase(blocking_by_phase(gray, mask));
    cv::Mat mask_t;
    if (!mask.empty()) mask_t = mask.t();
    const auto [y, strength_y] = strongest_phase(blocking_by_phase(gray.t(), mask_t));
    return {x, y, std::min(strength_x, strength_y)};
}

GridPhase image_grid_phase(const cv::Mat& luma) {
    cv::Mat gray;
    luma.convertTo(gray, CV_32F);
    return block_grid_phase(gray, cv::Mat());
}

ContextCues context_cues(const cv::Mat& bgr, const std::vector<cv::Point2d>& landmarks) {
    ContextCues cues;
    if (landmarks.size() != 68 || bgr.empty()) return cues;
    std::vector<cv::Point> points;
    for (const auto& p : landmarks) points.emplace_back(cvRound(p.x), cvRound(p.y));
    std::vector<cv::Point> hull;
    cv::convexHull(points, hull);
    const double scale = std::sqrt(std::max(1.0, cv::contourArea(hull)));

    // Work on the face's neighbourhood only.
    const int pad = int(std::ceil(0.3 * scale)) + 4;
    const cv::Rect around = (cv::boundingRect(hull) + cv::Size(2 * pad, 2 * pad) - cv::Point(pad, pad)) &
                            cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (around.area() <= 0) return cues;
    cv::Mat hull_mask = cv::Mat::zeros(around.size(), CV_8U);
    std::vector<cv::Point> shifted;
    for (const auto& p : hull) shifted.push_back(p - around.tl());
    cv::fillConvexPoly(hull_mask, shifted, 255);

    const auto disc = [&](double share) {
        const int r = std::max(1, int(std::lround(share * scale)));
        return cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1));
    };
    cv::Mat face_mask, near, far, ring;
    cv::erode(hull_mask, face_mask, disc(0.05));   // stay off the boundary itself
    cv::dilate(hull_mask, near, disc(0.05));
    cv::dilate(hull_mask, far, disc(0.25));
    cv::subtract(far, near, ring);
    if (cv::countNonZero(face_mask) < kMinPixels || cv::countNonZero(ring) < kMinPixels) return cues;

    const cv::Mat patch = bgr(around);
    cv::Mat gray8, gray, median, residual, smooth, laplacian, lab;
    cv::cvtColor(patch, gray8, cv::COLOR_BGR2GRAY);
    gray8.convertTo(gray, CV_32F);
    cv::medianBlur(gray8, median, 3);
    median.convertTo(median, CV_32F);
    residual = gray - median;
    cues.noise_face = robust_noise(residual, face_mask);
    cues.noise_context = robust_noise(residual, ring);

    cv::GaussianBlur(gray, smooth, cv::Size(0, 0), 1.0);
    cv::Laplacian(smooth, laplacian, CV_32F);
    laplacian = cv::abs(laplacian);
    cues.sharpness_face = cv::mean(laplacian, face_mask)[0];
    cues.sharpness_context = cv::mean(laplacian, ring)[0];

    cv::Mat patch_float;
    patch.convertTo(patch_float, CV_32F, 1.0 / 255.0);
    cv::cvtColor(patch_float, lab, cv::COLOR_BGR2Lab);
    const cv::Point2d chroma_face = mean_chroma(lab, face_mask), chroma_ring = mean_chroma(lab, ring);
    cues.colour_difference = std::hypot(chroma_face.x - chroma_ring.x, chroma_face.y - chroma_ring.y);

    // The grid phase of the face is measured in image coordinates (the patch
    // starts at `around`), so that it compares with the image's own.
    const GridPhase face_grid = block_grid_phase(gray, face_mask);
    cues.grid_face_x = (face_grid.x + around.x) % 8;
    cues.grid_face_y = (face_grid.y + around.y) % 8;
    cues.grid_face_strength = face_grid.strength;
    cues.measured = true;
    return cues;
}

}  // namespace libdetect::face
