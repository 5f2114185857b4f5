#include "forensics/coding_cost.hpp"

#include "fixtures.hpp"

#include <libdetect/image.hpp>

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

AnalyzerResult run_coding_cost(const cv::Mat& bgr) {
    const Image image = Image::from_bytes(fx::encode(bgr, ".png", 0));
    return forensics::CodingCostAnalyzer().analyze({libdetect::detail::impl_of(image), true});
}

cv::Mat gray_of(const cv::Mat& bgr) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    return gray;
}

}  // namespace

TEST_CASE("the coding cost is WebP lossless's size, byte for byte as OpenCV's encoder writes it",
          "[forensics][coding_cost]") {
    const cv::Mat gray = gray_of(fx::synthetic_scene(200, 150, 7));
    std::vector<std::uint8_t> encoded;
    REQUIRE(cv::imencode(".webp", gray, encoded, {cv::IMWRITE_WEBP_QUALITY, 101}));
    CHECK(forensics::webp_lossless_bits_per_pixel(gray) == Approx(8.0 * encoded.size() / gray.total()).epsilon(1e-12));
}

TEST_CASE("an image that is smooth at full resolution costs less, relative to its half, than a textured one",
          "[forensics][coding_cost]") {
    // Both have the same half-resolution content; the upsampled one has no
    // detail of its own at full resolution, as a generator's decoder output
    // is suspected to have.
    cv::Mat noise(512, 512, CV_32F);
    cv::RNG(3).fill(noise, cv::RNG::NORMAL, 128.0, 40.0);
    cv::Mat textured;
    cv::GaussianBlur(noise, noise, cv::Size(0, 0), 0.8);
    noise.convertTo(textured, CV_8U);
    cv::Mat half, upsampled;
    cv::resize(textured, half, cv::Size(256, 256), 0, 0, cv::INTER_AREA);
    cv::resize(half, upsampled, cv::Size(512, 512), 0, 0, cv::INTER_CUBIC);
    const auto sharp = forensics::measure_coding_cost(textured);
    const auto smooth = forensics::measure_coding_cost(upsampled);
    CHECK(sharp.crop_width == 512);
    CHECK(smooth.features()[0] < sharp.features()[0] - 0.5);
}

TEST_CASE("coding cost crops large images to a centred 512 px square at even offsets", "[forensics][coding_cost]") {
    const cv::Mat gray = gray_of(fx::synthetic_scene(901, 611, 11));
    const auto cost = forensics::measure_coding_cost(gray);
    CHECK(cost.crop_width == 512);
    CHECK(cost.crop_height == 512);
    const auto odd = forensics::measure_coding_cost(gray(cv::Rect(0, 0, 101, 77)));
    CHECK(odd.crop_width == 100);
    CHECK(odd.crop_height == 76);
}

TEST_CASE("coding cost reports its measurements and a score from the shipped model", "[forensics][coding_cost]") {
    const AnalyzerResult result = run_coding_cost(fx::synthetic_scene(320, 240, 5));
    REQUIRE(result.applicable);
    const double full = std::get<double>(result.evidence.at("bits_per_pixel_full"));
    const double half = std::get<double>(result.evidence.at("bits_per_pixel_half"));
    CHECK(full > 0.0);
    CHECK(std::get<double>(result.evidence.at("bits_full_minus_half")) == Approx(full - half));
    REQUIRE(result.score);
    CHECK(*result.score >= 0.0);
    CHECK(*result.score <= 1.0);
    CHECK(std::isfinite(std::get<double>(result.evidence.at("model_leave_source_out_auc"))));
}

TEST_CASE("coding cost is not applicable to tiny or one-colour images", "[forensics][coding_cost]") {
    const AnalyzerResult tiny = run_coding_cost(fx::synthetic_scene(63, 200, 1));
    CHECK_FALSE(tiny.applicable);
    CHECK(tiny.reason.find("64 px") != std::string::npos);
    const AnalyzerResult flat = run_coding_cost(cv::Mat(300, 300, CV_8UC3, cv::Scalar(40, 90, 200)));
    CHECK_FALSE(flat.applicable);
    CHECK(flat.reason.find("uniform") != std::string::npos);
}
