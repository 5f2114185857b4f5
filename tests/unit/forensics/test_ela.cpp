#include "forensics/ela.hpp"

#include "fixtures.hpp"
#include "heatmap_regions.hpp"

#include <libdetect/image.hpp>

#include <catch2/catch.hpp>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

AnalyzerResult run_ela(const std::vector<std::uint8_t>& bytes) {
    const Image image = Image::from_bytes(bytes, "fixture");
    return forensics::ElaAnalyzer().analyze({libdetect::detail::impl_of(image), true});
}

const cv::Rect kRegion(203, 150, 178, 180);  // deliberately off the 8x8 grid

}  // namespace

// Measured over seeds 1-10 when this test was written: spliced regions sit
// 0.30-0.44 above the rest of the map; the same rectangle of an untouched
// image stays within 0.055 of the rest. The margins leave room for libjpeg
// versions without letting the two cases overlap.
constexpr double kSpliceMargin = 0.25;
constexpr double kUntouchedTolerance = 0.08;

TEST_CASE("ELA shows a region pasted from a differently compressed JPEG", "[forensics][ela]") {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        INFO("seed " << seed);
        const auto splice = fx::make_jpeg_splice(512, 512, seed, 75, 95, 90, kRegion);
        const AnalyzerResult result = run_ela(splice.jpeg);
        REQUIRE(result.applicable);
        CHECK_FALSE(result.score);  // ELA gives evidence, not a probability
        REQUIRE(result.heatmap.width == 64);
        REQUIRE(result.heatmap.height == 64);
        CHECK(std::get<std::int64_t>(result.evidence.at("resave_quality")) == 75);
        CHECK(std::get<std::int64_t>(result.evidence.at("jpeg_quality_estimate")) == 90);
        const auto [inside, outside] = fx::inside_outside_means(result.heatmap, splice.region, 8);
        INFO("inside " << inside << " outside " << outside);
        CHECK(inside - outside >= kSpliceMargin);
    }
}

TEST_CASE("ELA of an untouched single-compressed JPEG shows no such region", "[forensics][ela]") {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        INFO("seed " << seed);
        const AnalyzerResult result = run_ela(fx::make_single_jpeg(512, 512, seed, 90));
        const auto [inside, outside] = fx::inside_outside_means(result.heatmap, kRegion, 8);
        INFO("inside " << inside << " outside " << outside);
        CHECK(std::abs(inside - outside) < kUntouchedTolerance);
    }
}

TEST_CASE("ELA of a never-compressed image has no JPEG evidence", "[forensics][ela]") {
    const AnalyzerResult result = run_ela(fx::encode(fx::synthetic_scene(100, 60, 8), ".png"));
    CHECK(result.evidence.count("jpeg_quality_estimate") == 0);
    CHECK(result.heatmap.width == 13);  // ceil(100 / 8)
    CHECK(result.heatmap.height == 8);  // ceil(60 / 8)
    for (float v : result.heatmap.values) {
        CHECK(v >= 0.0f);
        CHECK(v <= 1.0f);
    }
}

TEST_CASE("ELA heatmaps can be switched off", "[forensics][ela]") {
    const Image image = Image::from_bytes(fx::make_single_jpeg(64, 64, 1, 90));
    const AnalyzerResult result = forensics::ElaAnalyzer().analyze({libdetect::detail::impl_of(image), false});
    CHECK(result.heatmap.empty());
    CHECK(result.evidence.count("error_mean") == 1);
}

TEST_CASE("ELA is not applicable beyond JPEG's largest dimension", "[forensics][ela]") {
    const cv::Mat wide(1, 70000, CV_8UC3, cv::Scalar(10, 20, 30));
    const Image image = Image::from_bytes(fx::encode(wide, ".png"));
    const AnalyzerResult result = forensics::ElaAnalyzer().analyze({libdetect::detail::impl_of(image), true});
    CHECK_FALSE(result.applicable);
    CHECK_THAT(result.reason, Catch::Contains("65500"));
    CHECK(result.heatmap.empty());
}
