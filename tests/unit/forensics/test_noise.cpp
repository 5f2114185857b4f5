#include "forensics/noise.hpp"

#include "fixtures.hpp"
#include "heatmap_regions.hpp"

#include <libdetect/image.hpp>

#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

AnalyzerResult run_noise(const cv::Mat& bgr, const std::string& ext = ".png") {
    const Image image = Image::from_bytes(fx::encode(bgr, ext, 95));
    return forensics::NoiseAnalyzer().analyze({libdetect::detail::impl_of(image), true});
}

// A region with stronger sensor-like noise, as when a region comes from a
// photo taken at a higher ISO.
cv::Mat noisier_region(std::uint64_t seed, const cv::Rect& region) {
    cv::Mat scene = fx::synthetic_scene(512, 384, seed);
    cv::Mat noise(region.size(), CV_16SC3);
    cv::RNG(seed).fill(noise, cv::RNG::NORMAL, 0, 8);
    cv::Mat patch;
    scene(region).convertTo(patch, CV_16SC3);
    patch += noise;
    patch.convertTo(scene(region), CV_8UC3);
    return scene;
}

const cv::Rect kRegion(192, 96, 160, 128);

}  // namespace

// Measured when written (seeds 1-5): heatmap inside 0.99-1.0, outside
// 0.15-0.17; score 0.71-0.77 forged vs 0.21-0.34 untouched, whose deviating
// share is 0.016-0.042 (flat discs of the synthetic scene).
TEST_CASE("noise marks a region with another noise level", "[forensics][noise]") {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        INFO("seed " << seed);
        const AnalyzerResult forged = run_noise(noisier_region(seed, kRegion));
        const AnalyzerResult clean = run_noise(fx::synthetic_scene(512, 384, seed));
        REQUIRE(forged.applicable);
        const auto [inside, outside] = fx::inside_outside_means(forged.heatmap, kRegion, 16);
        INFO("inside " << inside << " outside " << outside);
        CHECK(inside - outside >= 0.5);
        CHECK(*forged.score > *clean.score + 0.3);
        CHECK(std::get<double>(clean.evidence.at("deviating_block_share")) < 0.06);
    }
}

TEST_CASE("noise handles tiny, flat, gray and large images", "[forensics][noise]") {
    CHECK_FALSE(run_noise(fx::synthetic_scene(50, 300, 1)).applicable);
    const AnalyzerResult flat = run_noise(cv::Mat(256, 256, CV_8UC3, cv::Scalar(30, 60, 90)));
    REQUIRE(flat.applicable);
    CHECK(*flat.score == 0.0);
    for (float v : flat.heatmap.values) CHECK(std::isfinite(v));
    cv::Mat gray;
    cv::cvtColor(fx::synthetic_scene(300, 200, 2), gray, cv::COLOR_BGR2GRAY);
    CHECK(run_noise(gray).applicable);
}
