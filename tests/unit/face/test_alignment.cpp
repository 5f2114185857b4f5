#include "face/alignment.hpp"

#include <catch2/catch.hpp>

#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace libdetect::face;

namespace {

// A known similarity: crop -> image (rotate 20 deg, scale 2.5, move).
cv::Point2d crop_to_image(const cv::Point2d& p) {
    const double a = 20.0 * M_PI / 180.0, s = 2.5;
    return {s * (std::cos(a) * p.x - std::sin(a) * p.y) + 300.0, s * (std::sin(a) * p.x + std::cos(a) * p.y) + 200.0};
}

// 68 landmarks whose five alignment points are exactly the template's,
// carried into the image by crop_to_image.
std::vector<cv::Point2d> landmarks_for(const FivePoints& in_crop) {
    std::vector<cv::Point2d> points(68, crop_to_image(cv::Point2d(56, 56)));
    for (int i = 36; i <= 41; ++i) points[i] = crop_to_image(in_crop[0]);
    for (int i = 42; i <= 47; ++i) points[i] = crop_to_image(in_crop[1]);
    points[30] = crop_to_image(in_crop[2]);
    points[48] = crop_to_image(in_crop[3]);
    points[54] = crop_to_image(in_crop[4]);
    return points;
}

cv::Point2d apply(const cv::Mat& t, const cv::Point2d& p) {
    return {t.at<double>(0, 0) * p.x + t.at<double>(0, 1) * p.y + t.at<double>(0, 2),
            t.at<double>(1, 0) * p.x + t.at<double>(1, 1) * p.y + t.at<double>(1, 2)};
}

}  // namespace

TEST_CASE("the similarity recovers a known transform exactly", "[face][alignment]") {
    const FivePoints target = canonical_template(224, 0.2);
    const auto landmarks = landmarks_for(target);
    const cv::Mat t = similarity(five_points(landmarks), target);
    // image -> crop is the inverse of crop_to_image: scale 1/2.5, rotation -20 deg.
    CHECK(std::hypot(t.at<double>(0, 0), t.at<double>(1, 0)) == Approx(1 / 2.5).margin(1e-12));
    CHECK(std::atan2(t.at<double>(1, 0), t.at<double>(0, 0)) * 180 / M_PI == Approx(-20.0).margin(1e-9));
    for (int i = 0; i < 5; ++i) {
        const cv::Point2d mapped = apply(t, crop_to_image(target[i]));
        CHECK(mapped.x == Approx(target[i].x).margin(1e-9));
        CHECK(mapped.y == Approx(target[i].y).margin(1e-9));
    }
}

TEST_CASE("the template keeps the face centred with the requested margin", "[face][alignment]") {
    const FivePoints tight = canonical_template(112, 0.0), loose = canonical_template(256, 0.5);
    CHECK(tight[0].x == Approx(38.2946));
    CHECK(tight[4].y == Approx(92.2041));
    // Half the scale at margin 0.5, around the centre of a 256-px crop.
    CHECK((loose[1].x - loose[0].x) == Approx((tight[1].x - tight[0].x) * 256.0 / 112.0 * 0.5));
    CHECK((loose[0].x + loose[1].x) / 2 == Approx(128 + (tight[0].x + tight[1].x - 112) / 2 * 256.0 / 112.0 * 0.5));
}

TEST_CASE("the aligned crop puts the eye where the template says, and maps come back", "[face][alignment]") {
    const int size = 160;
    const FivePoints target = canonical_template(size, 0.25);
    const auto landmarks = landmarks_for(target);
    cv::Mat image(700, 800, CV_8UC3, cv::Scalar(40, 40, 40));
    const cv::Point2d eye = landmarks[36];
    cv::circle(image, cv::Point(int(std::lround(eye.x)), int(std::lround(eye.y))), 6, cv::Scalar(255, 255, 255), cv::FILLED);
    const AlignedFace face = align_face(image, landmarks, size, 0.25);
    REQUIRE(face.crop.size() == cv::Size(size, size));
    cv::Mat gray;
    cv::cvtColor(face.crop, gray, cv::COLOR_BGR2GRAY);
    cv::Point brightest;
    cv::minMaxLoc(gray, nullptr, nullptr, nullptr, &brightest);
    CHECK(std::hypot(brightest.x - target[0].x, brightest.y - target[0].y) < 3.0);

    // A blob over the template's nose tip lands on the nose in the image.
    cv::Mat crop_map(size, size, CV_32F, cv::Scalar(0));
    cv::circle(crop_map, cv::Point(int(target[2].x), int(target[2].y)), 8, cv::Scalar(1), cv::FILLED);
    const cv::Mat back = map_to_image(crop_map, face.transform, image.cols, image.rows);
    REQUIRE(back.size() == image.size());
    cv::Point peak;
    double high = 0;
    cv::minMaxLoc(back, nullptr, &high, nullptr, &peak);
    CHECK(high == Approx(1.0));
    CHECK(std::hypot(peak.x - landmarks[30].x, peak.y - landmarks[30].y) < 2.5 * 8 + 2);
    // Far from the face the map is 0.
    CHECK(back.at<float>(5, 5) == 0.0f);
}

TEST_CASE("yaw is zero for a frontal face and signed when the nose moves", "[face][alignment]") {
    const auto frontal = landmarks_for(canonical_template(112, 0.0));
    std::vector<cv::Point2d> points(68, cv::Point2d(0, 0));
    points[36] = {100, 100};
    points[45] = {200, 100};
    points[30] = {150, 140};
    CHECK(yaw_degrees(points) == Approx(0.0).margin(1e-9));
    points[30] = {175, 140};  // half-way to the right eye corner
    CHECK(yaw_degrees(points) == Approx(30.0).margin(1e-9));
    points[30] = {125, 140};
    CHECK(yaw_degrees(points) == Approx(-30.0).margin(1e-9));
    CHECK_THROWS(yaw_degrees(std::vector<cv::Point2d>(5)));
    CHECK(std::isfinite(yaw_degrees(frontal)));
}

TEST_CASE("affine composition applies the first transform, then the second", "[face][alignment]") {
    const cv::Mat first = (cv::Mat_<double>(2, 3) << 0, -2, 5, 2, 0, -1);   // rotate 90 deg, scale 2, move
    const cv::Mat second = (cv::Mat_<double>(2, 3) << 0.5, 0, 3, 0, 0.25, 7);
    const cv::Mat both = compose(second, first);
    for (const cv::Point2d p : {cv::Point2d(0, 0), cv::Point2d(3, -4), cv::Point2d(10.5, 2.25)}) {
        const cv::Point2d expected = apply(second, apply(first, p)), got = apply(both, p);
        CHECK(got.x == Approx(expected.x).margin(1e-12));
        CHECK(got.y == Approx(expected.y).margin(1e-12));
    }
    // Cell centres land on pixel centres: cell 0 of 4-px cells covers pixels 0..3, centre 1.5.
    CHECK(apply(grid_to_pixels(4, 2), cv::Point2d(0, 0)).x == Approx(1.5));
    CHECK(apply(grid_to_pixels(4, 2), cv::Point2d(0, 0)).y == Approx(0.5));
    CHECK(apply(grid_to_pixels(4, 2), cv::Point2d(3, 5)).x == Approx(13.5));
}

TEST_CASE("a coarse crop map lands on the face in a coarse image grid", "[face][alignment]") {
    // A 320-px aligned crop with a 40 x 40 map (8-px cells), a 1000 x 900
    // image and a 250 x 225 grid (4-px cells): the hot map cell over the
    // template's nose tip must light the grid cell over the nose in the image.
    const int crop = 320;
    const FivePoints target = canonical_template(crop, 0.4);
    const auto landmarks = landmarks_for(target);
    const cv::Mat image_to_crop = similarity(five_points(landmarks), target);
    cv::Mat map(40, 40, CV_32F, cv::Scalar(0));
    const int u = int(target[2].x / 8), v = int(target[2].y / 8);
    map.at<float>(v, u) = 1.0f;
    const cv::Mat grid = crop_map_to_grid(map, image_to_crop, crop, 1000, 900, 250, 225);
    REQUIRE(grid.size() == cv::Size(250, 225));
    cv::Point peak;
    double high = 0;
    cv::minMaxLoc(grid, nullptr, &high, nullptr, &peak);
    CHECK(high > 0.5);
    // The cell's centre in crop pixels, carried into the image by crop_to_image, then into 4-px cells.
    const cv::Point2d centre_in_image = crop_to_image(cv::Point2d((u + 0.5) * 8 - 0.5, (v + 0.5) * 8 - 0.5));
    CHECK(std::abs(peak.x - (centre_in_image.x + 0.5) / 4 + 0.5) <= 1.0);
    CHECK(std::abs(peak.y - (centre_in_image.y + 0.5) / 4 + 0.5) <= 1.0);
    // A map cell covers 8 crop px = 20 image px = 5 grid cells: the lit area is about that size.
    const int lit = cv::countNonZero(grid > 0.25f);
    CHECK(lit > 9);
    CHECK(lit < 80);
    CHECK(grid.at<float>(0, 0) == 0.0f);
}
