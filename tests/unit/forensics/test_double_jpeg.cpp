#include "forensics/double_jpeg.hpp"

#include "fixtures.hpp"
#include "heatmap_regions.hpp"

#include <libdetect/image.hpp>

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

AnalyzerResult run_dq(const std::vector<std::uint8_t>& bytes) {
    const Image image = Image::from_bytes(bytes);
    return forensics::DoubleJpegAnalyzer().analyze({libdetect::detail::impl_of(image), true});
}

const cv::Rect kRegion(192, 96, 160, 128);

}  // namespace

// Measured when written (seeds 1-5): region 0.998-1.0, rest 0.048-0.054;
// first quality fitted as exactly 75; untouched: no frequency double.
TEST_CASE("jpeg_dq finds aligned double compression and the region saved once", "[forensics][jpeg_dq]") {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        INFO("seed " << seed);
        // Background saved at q75 then q90; the region comes from a q95 copy.
        const auto splice = fx::make_jpeg_splice(512, 384, seed, 75, 95, 90, kRegion);
        const AnalyzerResult forged = run_dq(splice.jpeg);
        REQUIRE(forged.applicable);
        CHECK(std::get<bool>(forged.evidence.at("double_compressed")));
        const auto quality = std::get<std::int64_t>(forged.evidence.at("primary_quality_estimate"));
        INFO("primary quality " << quality);
        CHECK(std::abs(quality - 75) <= 3);
        const auto [inside, outside] = fx::inside_outside_means(forged.heatmap, kRegion, 8);
        INFO("inside " << inside << " outside " << outside);
        CHECK(inside - outside >= 0.5);

        const AnalyzerResult untouched = run_dq(fx::make_single_jpeg(512, 384, seed, 90));
        REQUIRE(untouched.applicable);
        INFO("untouched frequencies " << std::get<std::int64_t>(untouched.evidence.at("frequencies_double")));
        CHECK_FALSE(std::get<bool>(untouched.evidence.at("double_compressed")));
        CHECK(*untouched.score == 0.0);
        CHECK(*forged.score > 0.3);
    }
}

// Measured when written (seeds 1-5): region 0.93-0.97, rest 0.04-0.11; score
// 0.64-0.77 forged vs 0.04-0.49 cropped only. On 12 real photos treated alike
// (q75, crop, q90) the shift and step were found every time.
// A photo saved at q75, cropped by (3, 5) px (so its grid moves to (5, 3)),
// a region of another picture pasted in, and the whole saved at q90.
std::vector<std::uint8_t> nonaligned_splice(std::uint64_t seed, bool paste) {
    const cv::Mat first = fx::jpeg_roundtrip(fx::structured_scene(520, 392, seed), 75);
    cv::Mat cropped = first(cv::Rect(5, 3, 512, 384)).clone();
    if (paste) fx::structured_scene(512, 384, seed + 100)(kRegion).copyTo(cropped(kRegion));
    return fx::encode(cropped, ".jpg", 90);
}

TEST_CASE("jpeg_dq finds a first save on another grid and the region that lacks it", "[forensics][jpeg_dq]") {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        INFO("seed " << seed);
        const AnalyzerResult forged = run_dq(nonaligned_splice(seed, true));
        REQUIRE(forged.applicable);
        CHECK_FALSE(std::get<bool>(forged.evidence.at("double_compressed")));
        REQUIRE(std::get<bool>(forged.evidence.at("nonaligned_double_compressed")));
        const auto shift = std::get<std::vector<double>>(forged.evidence.at("nonaligned_grid_shift"));
        CHECK(shift == std::vector<double>{5.0, 3.0});
        CHECK(std::get<std::int64_t>(forged.evidence.at("nonaligned_dc_step")) == 8);  // q75's DC step
        const auto [inside, outside] = fx::inside_outside_means(forged.heatmap, kRegion, 8);
        INFO("inside " << inside << " outside " << outside);
        CHECK(inside - outside >= 0.5);

        const AnalyzerResult cropped_only = run_dq(nonaligned_splice(seed, false));
        CHECK(std::get<bool>(cropped_only.evidence.at("nonaligned_double_compressed")));
        INFO("scores: forged " << *forged.score << " cropped only " << *cropped_only.score);
        CHECK(*forged.score > *cropped_only.score + 0.2);
        const AnalyzerResult single = run_dq(fx::make_single_jpeg(512, 384, seed, 90));
        CHECK_FALSE(std::get<bool>(single.evidence.at("nonaligned_double_compressed")));
    }
}

TEST_CASE("jpeg_dq is not applicable without a JPEG file, and handles small and flat ones", "[forensics][jpeg_dq]") {
    const AnalyzerResult png = run_dq(fx::encode(fx::synthetic_scene(256, 256, 1), ".png"));
    CHECK_FALSE(png.applicable);
    CHECK(png.reason.find("not a JPEG") != std::string::npos);
    CHECK_FALSE(run_dq(fx::encode(fx::synthetic_scene(60, 200, 1), ".jpg", 90)).applicable);

    const AnalyzerResult flat = run_dq(fx::encode(cv::Mat(256, 256, CV_8UC3, cv::Scalar(30, 60, 90)), ".jpg", 90));
    REQUIRE(flat.applicable);
    CHECK(*flat.score == 0.0);
    CHECK(flat.heatmap.width == 32);
    for (float v : flat.heatmap.values) CHECK(std::isfinite(v));

    // Progressive files carry the same coefficients.
    std::vector<std::uint8_t> progressive;
    cv::imencode(".jpg", fx::jpeg_roundtrip(fx::structured_scene(512, 384, 3), 75), progressive,
                 {cv::IMWRITE_JPEG_QUALITY, 90, cv::IMWRITE_JPEG_PROGRESSIVE, 1});
    const AnalyzerResult p = run_dq(progressive);
    REQUIRE(p.applicable);
    CHECK(std::get<bool>(p.evidence.at("double_compressed")));
    CHECK(std::abs(std::get<std::int64_t>(p.evidence.at("primary_quality_estimate")) - 75) <= 3);

    cv::Mat gray;
    cv::cvtColor(fx::structured_scene(300, 200, 2), gray, cv::COLOR_BGR2GRAY);
    const AnalyzerResult g = run_dq(fx::encode(fx::jpeg_roundtrip(gray, 70), ".jpg", 90));
    REQUIRE(g.applicable);
    CHECK(std::get<bool>(g.evidence.at("double_compressed")));
    CHECK(g.heatmap.width == 38);  // 300 px: 37.5 blocks, the last one partial
    CHECK(g.heatmap.height == 25);
}
