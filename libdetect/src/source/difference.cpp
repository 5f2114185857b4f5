#include "source/difference.hpp"

#include "core/statistics.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <vector>

namespace libdetect::source {
namespace {

constexpr double kBlurSigma = 2.0;        // suppresses re-compression and resampling noise
constexpr double kMinThreshold = 4.0;  // CIELAB distance (8-bit Lab units) always ignored;
                                      // chosen on the development seed of benchmarks/source_search
constexpr double kMinComponentShare = 0.002;  // specks smaller than 0.2% of the area are dropped

cv::Mat blurred_lab(const cv::Mat& bgr) {
    cv::Mat lab, blurred;
    cv::cvtColor(bgr, lab, cv::COLOR_BGR2Lab);
    lab.convertTo(lab, CV_32F);
    cv::GaussianBlur(lab, blurred, cv::Size(0, 0), kBlurSigma);
    return blurred;
}

double median_of(const cv::Mat& values, const cv::Mat& mask) {
    std::vector<float> v;
    v.reserve(static_cast<std::size_t>(cv::countNonZero(mask)));
    for (int y = 0; y < values.rows; ++y)
        for (int x = 0; x < values.cols; ++x)
            if (mask.at<std::uint8_t>(y, x)) v.push_back(values.at<float>(y, x));
    return median_in_place(v);
}

}  // namespace

Difference difference_map(const cv::Mat& suspect_bgr, const cv::Mat& warped_bgr, const cv::Mat& valid) {
    cv::Mat inner;  // ignore the interpolated border of the warped original
    cv::erode(valid, inner, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 7)));

    const cv::Mat a = blurred_lab(suspect_bgr);
    cv::Mat b = blurred_lab(warped_bgr);
    // Remove a global colour or brightness shift (re-encoding, a filter).
    std::vector<cv::Mat> da, db;
    cv::split(a, da);
    cv::split(b, db);
    for (int c = 0; c < 3; ++c) db[c] += median_of(da[c] - db[c], inner);
    cv::merge(db, b);

    cv::Mat delta = a - b;
    cv::Mat squared;
    cv::multiply(delta, delta, squared);
    cv::Mat distance;
    cv::transform(squared, distance, cv::Matx13f(1, 1, 1));
    cv::sqrt(distance, distance);
    distance.setTo(0, inner == 0);

    // Threshold: well above the typical residual of an unchanged region.
    const double median = median_of(distance, inner);
    const double threshold = std::max(kMinThreshold, 4.0 * median);

    Difference result;
    result.heat = cv::min(distance / (2.0 * threshold), 1.0);
    cv::Mat mask = distance > threshold;
    mask.setTo(0, inner == 0);
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
    cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(15, 15)));

    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8);
    const double min_area = kMinComponentShare * double(mask.total());
    result.mask = cv::Mat::zeros(mask.size(), CV_8U);
    for (int label = 1; label < count; ++label)
        if (stats.at<int>(label, cv::CC_STAT_AREA) >= min_area) result.mask.setTo(255, labels == label);

    const int valid_area = cv::countNonZero(inner);
    result.changed_fraction = valid_area ? double(cv::countNonZero(result.mask)) / valid_area : 0.0;
    return result;
}

}  // namespace libdetect::source
