#include "face/alignment.hpp"

#include <Eigen/Geometry>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace libdetect::face {
namespace {

cv::Point2d mean_of(const std::vector<cv::Point2d>& points, int first, int last) {
    cv::Point2d sum(0, 0);
    for (int i = first; i <= last; ++i) sum += points[i];
    return sum * (1.0 / (last - first + 1));
}

}  // namespace

FivePoints five_points(const std::vector<cv::Point2d>& landmarks68) {
    if (landmarks68.size() != 68) throw std::invalid_argument("five_points: expected 68 landmarks");
    return {mean_of(landmarks68, 36, 41), mean_of(landmarks68, 42, 47), landmarks68[30], landmarks68[48],
            landmarks68[54]};
}

FivePoints canonical_template(int size, double margin) {
    // The 112 x 112 template of ArcFace (Deng et al. 2019), x then y.
    static const FivePoints kTemplate112 = {cv::Point2d(38.2946, 51.6963), cv::Point2d(73.5318, 51.5014),
                                            cv::Point2d(56.0252, 71.7366), cv::Point2d(41.5493, 92.3655),
                                            cv::Point2d(70.7299, 92.2041)};
    FivePoints points;
    const double scale = size / 112.0 * (1.0 - margin);
    const cv::Point2d centre(56.0, 56.0);
    for (int i = 0; i < 5; ++i) points[i] = (kTemplate112[i] - centre) * scale + cv::Point2d(size / 2.0, size / 2.0);
    return points;
}

cv::Mat similarity(const FivePoints& from, const FivePoints& to) {
    Eigen::Matrix<double, 2, 5> source, target;
    for (int i = 0; i < 5; ++i) {
        source.col(i) << from[i].x, from[i].y;
        target.col(i) << to[i].x, to[i].y;
    }
    const Eigen::Matrix3d t = Eigen::umeyama(source, target, true);
    cv::Mat transform(2, 3, CV_64F);
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 3; ++c) transform.at<double>(r, c) = t(r, c);
    return transform;
}

AlignedFace align_face(const cv::Mat& image, const std::vector<cv::Point2d>& landmarks68, int size, double margin) {
    AlignedFace face;
    face.transform = similarity(five_points(landmarks68), canonical_template(size, margin));
    cv::warpAffine(image, face.crop, face.transform, cv::Size(size, size), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return face;
}

cv::Mat compose(const cv::Mat& second, const cv::Mat& first) {
    CV_Assert(second.size() == cv::Size(3, 2) && first.size() == cv::Size(3, 2));
    cv::Mat a = cv::Mat::eye(3, 3, CV_64F), b = cv::Mat::eye(3, 3, CV_64F);
    second.convertTo(a.rowRange(0, 2), CV_64F);
    first.convertTo(b.rowRange(0, 2), CV_64F);
    return cv::Mat(a * b).rowRange(0, 2).clone();
}

cv::Mat grid_to_pixels(double sx, double sy) {
    return (cv::Mat_<double>(2, 3) << sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5);
}

cv::Mat map_to_image(const cv::Mat& crop_map, const cv::Mat& transform, int width, int height) {
    CV_Assert(crop_map.type() == CV_32F);
    cv::Mat back;
    // The transform maps image -> crop, which is what WARP_INVERSE_MAP wants
    // to sample the crop at each image pixel.
    cv::warpAffine(crop_map, back, transform, cv::Size(width, height), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                   cv::BORDER_CONSTANT, cv::Scalar(0));
    return back;
}

cv::Mat crop_map_to_grid(const cv::Mat& map, const cv::Mat& image_to_crop, int crop_size, int image_w, int image_h,
                         int grid_w, int grid_h) {
    CV_Assert(map.rows == map.cols && map.cols > 0 && grid_w > 0 && grid_h > 0);
    const double cell = double(crop_size) / map.cols;
    // crop pixel x = (u + 0.5) cell - 0.5  <=>  u = (x + 0.5) / cell - 0.5
    const cv::Mat to_map = (cv::Mat_<double>(2, 3) << 1 / cell, 0, 0.5 / cell - 0.5, 0, 1 / cell, 0.5 / cell - 0.5);
    const cv::Mat grid_to_map =
        compose(to_map, compose(image_to_crop, grid_to_pixels(double(image_w) / grid_w, double(image_h) / grid_h)));
    return map_to_image(map, grid_to_map, grid_w, grid_h);
}

double yaw_degrees(const std::vector<cv::Point2d>& landmarks68) {
    if (landmarks68.size() != 68) throw std::invalid_argument("yaw_degrees: expected 68 landmarks");
    const cv::Point2d left = landmarks68[36], right = landmarks68[45], nose = landmarks68[30];
    const cv::Point2d axis = right - left;
    const double length = std::hypot(axis.x, axis.y);
    if (length <= 0) return 0.0;
    // Signed offset of the nose along the eye axis, from the midpoint, in
    // half eye-distances: +-1 is the nose over an outer eye corner (~90 deg).
    const double offset = ((nose - (left + right) * 0.5).dot(axis) / length) / (length / 2.0);
    return std::asin(std::clamp(offset, -1.0, 1.0)) * 180.0 / M_PI;
}

}  // namespace libdetect::face
