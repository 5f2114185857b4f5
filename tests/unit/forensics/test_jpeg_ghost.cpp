#include "forensics/jpeg_ghost.hpp"

#include "fixtures.hpp"
#include "heatmap_regions.hpp"

#include <libdetect/image.hpp>

#include <catch2/catch.hpp>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

AnalyzerResult run_jpeg(const std::vector<std::uint8_t>& bytes) {
    const Image image = Image::from_bytes(bytes);
    return forensics::JpegGhostAnalyzer().analyze({libdetect::detail::impl_of(image), true});
}

const cv::Rect kRegion(176, 128, 192, 160);

}  // namespace

// Measured when written, seeds 1-5: forged region 0.83-0.92 vs 0.27-0.37
// around it; untouched images differ by at most 0.06 between the same areas;
// scores 0.91-0.96 forged vs 0.13-0.44 untouched.
constexpr double kSpliceMargin = 0.35;
constexpr double kCleanTolerance = 0.1;
TEST_CASE("JPEG ghosts mark a region without the background's compression history", "[forensics][jpeg]") {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        INFO("seed " << seed);
        const auto splice = fx::make_jpeg_splice(512, 512, seed, 75, 95, 90, kRegion);
        const AnalyzerResult forged = run_jpeg(splice.jpeg);
        const AnalyzerResult clean = run_jpeg(fx::make_single_jpeg(512, 512, seed, 90));
        REQUIRE(forged.applicable);
        CHECK(std::get<std::int64_t>(forged.evidence.at("quality_estimate")) == 90);
        CHECK(std::get<bool>(forged.evidence.at("standard_tables")));
        const auto [inside, outside] = fx::inside_outside_means(forged.heatmap, kRegion, 16);
        const auto [clean_inside, clean_outside] = fx::inside_outside_means(clean.heatmap, kRegion, 16);
        INFO("forged inside " << inside << " outside " << outside << " score " << *forged.score);
        INFO("clean inside " << clean_inside << " outside " << clean_outside << " score " << *clean.score);
        CHECK(inside - outside >= kSpliceMargin);
        CHECK(std::abs(clean_inside - clean_outside) < kCleanTolerance);
        CHECK(*forged.score > *clean.score + 0.3);
    }
}

TEST_CASE("JPEG ghosts are not applicable to images that were never JPEG", "[forensics][jpeg]") {
    const AnalyzerResult png = run_jpeg(fx::encode(fx::synthetic_scene(200, 200, 1), ".png"));
    CHECK_FALSE(png.applicable);
    CHECK_THAT(png.reason, Catch::Contains("not JPEG"));
    CHECK_FALSE(run_jpeg(fx::make_single_jpeg(40, 300, 1, 90)).applicable);
    const AnalyzerResult flat = run_jpeg(fx::encode(cv::Mat(128, 128, CV_8UC3, cv::Scalar(9, 99, 199)), ".jpg", 90));
    REQUIRE(flat.applicable);
    for (float v : flat.heatmap.values) CHECK(std::isfinite(v));
}
