// Face geometry: a similarity transform that puts a face's landmarks onto a
// canonical template, the aligned crop it gives, and the way back from crop
// coordinates (a heatmap of the blending boundary) to image coordinates.
// Exact on exact landmarks; the face analyzer feeds it dlib's 68 points.
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <vector>

namespace libdetect::face {

// The five points alignment uses: eye centres, nose tip, mouth corners.
using FivePoints = std::array<cv::Point2d, 5>;

// From dlib's 68-point layout (iBUG 300-W): eyes 36-41 and 42-47 averaged,
// nose tip 30, mouth corners 48 and 54.
FivePoints five_points(const std::vector<cv::Point2d>& landmarks68);

// Where the five points go in a size x size crop: the common 112-px template
// (ArcFace) scaled to `size` and shrunk towards the centre by `margin` (0.2
// leaves a 20 % border around the template's face for context).
FivePoints canonical_template(int size, double margin);

// The least-squares similarity (rotation, uniform scale, translation;
// Umeyama 1991) mapping `from` onto `to`, as a 2x3 CV_64F matrix.
cv::Mat similarity(const FivePoints& from, const FivePoints& to);

struct AlignedFace {
    cv::Mat crop;       // size x size, same type as the image
    cv::Mat transform;  // 2x3 CV_64F, image -> crop
};

// The aligned crop (pixels outside the image are replicated from the border).
AlignedFace align_face(const cv::Mat& image, const std::vector<cv::Point2d>& landmarks68, int size, double margin);

// 2x3 affine composition: first `first`, then `second`.
cv::Mat compose(const cv::Mat& second, const cv::Mat& first);

// From the index of a grid whose cells are sx x sy pixels to pixel
// coordinates, cell centre on pixel centre: x = (i + 0.5) sx - 0.5.
cv::Mat grid_to_pixels(double sx, double sy);

// A CV_32F map over the crop, drawn back into a width x height image grid
// (0 outside the crop).
cv::Mat map_to_image(const cv::Mat& crop_map, const cv::Mat& transform, int width, int height);

// A coarse CV_32F map over a crop_size x crop_size aligned crop (each map
// cell covers crop_size / map.cols crop pixels) drawn into a grid_w x grid_h
// grid laid over an image_w x image_h image (0 outside the crop): how a face
// model's boundary map becomes part of an image heatmap.
cv::Mat crop_map_to_grid(const cv::Mat& map, const cv::Mat& image_to_crop, int crop_size, int image_w, int image_h,
                         int grid_w, int grid_h);

// Head yaw in degrees from the landmarks (0 frontal, positive: turned to the
// image's right): the nose tip's offset from the midpoint of the outer eye
// corners, relative to their distance. A rough estimate for the report.
double yaw_degrees(const std::vector<cv::Point2d>& landmarks68);

}  // namespace libdetect::face
