#include "face/context_cues.hpp"

#include <catch2/catch.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace libdetect::face;

namespace {

// 68 points on an ellipse: only the hull of the landmarks matters here.
std::vector<cv::Point2d> ellipse_landmarks(cv::Point2d centre, double rx, double ry) {
    std::vector<cv::Point2d> points;
    for (int i = 0; i < 68; ++i) {
        const double a = 2 * M_PI * i / 68;
        points.emplace_back(centre.x + rx * std::cos(a), centre.y + ry * std::sin(a));
    }
    return points;
}

cv::Mat noisy(cv::Size size, double sigma, std::uint64_t seed) {
    cv::Mat noise(size, CV_32FC3);
    cv::RNG rng(seed);
    rng.fill(noise, cv::RNG::NORMAL, 0.0, sigma);
    cv::Mat image;
    noise += cv::Scalar(128, 128, 128);
    noise.convertTo(image, CV_8UC3);
    return image;
}

cv::Mat jpeg_round_trip(const cv::Mat& image, int quality) {
    std::vector<uchar> bytes;
    cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
    return cv::imdecode(bytes, cv::IMREAD_COLOR);
}

}  // namespace

TEST_CASE("a noisier face than its surroundings shows in the noise cue", "[face][context]") {
    cv::Mat image = noisy(cv::Size(400, 400), 2.0, 1);
    const auto landmarks = ellipse_landmarks({200, 200}, 70, 90);
    cv::Mat mask = cv::Mat::zeros(image.size(), CV_8U);
    cv::ellipse(mask, cv::Point(200, 200), cv::Size(70, 90), 0, 0, 360, 255, cv::FILLED);
    noisy(image.size(), 8.0, 2).copyTo(image, mask);
    const ContextCues cues = context_cues(image, landmarks);
    REQUIRE(cues.measured);
    // Four times the noise; the estimate of the weaker one is inflated by
    // 8-bit rounding, so the measured ratio is lower (3.0 here).
    CHECK(cues.noise_face / cues.noise_context > 2.5);
    CHECK(cues.noise_face / cues.noise_context < 4.5);
    CHECK(cues.sharpness_face > 2 * cues.sharpness_context);
    CHECK(cues.colour_difference < 2.0);
}

TEST_CASE("a tinted face shows in the colour cue", "[face][context]") {
    cv::Mat image(400, 400, CV_8UC3, cv::Scalar(120, 130, 140));
    cv::ellipse(image, cv::Point(200, 200), cv::Size(70, 90), 0, 0, 360, cv::Scalar(90, 130, 190), cv::FILLED);
    const ContextCues cues = context_cues(image, ellipse_landmarks({200, 200}, 70, 90));
    REQUIRE(cues.measured);
    CHECK(cues.colour_difference > 10.0);
}

TEST_CASE("a face pasted off the JPEG grid shows another grid phase", "[face][context]") {
    // The background is compressed on the image grid; the face region comes
    // from a copy padded by (3, 5) before compression, so its blocks start
    // at x = 5 and y = 3 (mod 8) in the image.
    const cv::Mat base = noisy(cv::Size(480, 480), 20.0, 3);
    cv::Mat smooth;
    cv::GaussianBlur(base, smooth, cv::Size(0, 0), 2.0);
    cv::Mat image = jpeg_round_trip(smooth, 60);
    cv::Mat shifted_source;
    cv::copyMakeBorder(smooth, shifted_source, 5, 0, 3, 0, cv::BORDER_REFLECT);
    const cv::Mat pasted = jpeg_round_trip(shifted_source, 60)(cv::Rect(3, 5, 480, 480));
    cv::Mat mask = cv::Mat::zeros(image.size(), CV_8U);
    cv::ellipse(mask, cv::Point(240, 240), cv::Size(100, 120), 0, 0, 360, 255, cv::FILLED);
    pasted.copyTo(image, mask);

    cv::Mat gray;
    cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    gray.convertTo(gray, CV_32F);
    const GridPhase whole = block_grid_phase(gray, cv::Mat());
    CHECK(whole.x == 0);
    CHECK(whole.y == 0);
    CHECK(whole.strength > 0.5);

    const ContextCues cues = context_cues(image, ellipse_landmarks({240, 240}, 100, 120));
    REQUIRE(cues.measured);
    CHECK(cues.grid_face_x == 5);
    CHECK(cues.grid_face_y == 3);
    CHECK(cues.grid_face_strength > 0.5);
}

TEST_CASE("no grid in an uncompressed image; too little face or ring is not measured", "[face][context]") {
    cv::Mat gray;
    cv::cvtColor(noisy(cv::Size(200, 200), 10.0, 4), gray, cv::COLOR_BGR2GRAY);
    gray.convertTo(gray, CV_32F);
    CHECK(block_grid_phase(gray, cv::Mat()).strength < 0.3);
    const cv::Mat image = noisy(cv::Size(100, 100), 5.0, 5);
    CHECK_FALSE(context_cues(image, ellipse_landmarks({50, 50}, 4, 5)).measured);
    CHECK_FALSE(context_cues(image, std::vector<cv::Point2d>(5)).measured);
}
