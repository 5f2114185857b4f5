#include "io/jpeg_integrity.hpp"

#include "fixtures.hpp"

#include <libdetect/detector.hpp>
#include <libdetect/image.hpp>

#include <catch2/catch.hpp>

#include <random>

using libdetect::io::jpeg_damage;
namespace fx = libdetect::fixtures;

namespace {

// A JPEG cut at `share` of its length with an end marker added: decoders
// fill the missing rows and only warn.
std::vector<std::uint8_t> cut(std::vector<std::uint8_t> jpeg, double share) {
    jpeg.resize(std::size_t(double(jpeg.size()) * share));
    jpeg.push_back(0xFF);
    jpeg.push_back(0xD9);
    return jpeg;
}

}  // namespace

TEST_CASE("JPEG integrity: intact, truncated and corrupted scans", "[io][jpeg][hostile]") {
    const auto jpeg = fx::encode(fx::synthetic_scene(256, 192, 6), ".jpg", 90);
    CHECK(jpeg_damage(jpeg.data(), jpeg.size()).empty());
    for (const double share : {0.25, 0.5, 0.75}) {
        const auto truncated = cut(jpeg, share);
        CHECK_THAT(jpeg_damage(truncated.data(), truncated.size()), Catch::StartsWith("libjpeg:"));
    }
    auto garbled = jpeg;
    std::mt19937 random(7);
    for (std::size_t i = garbled.size() / 2; i < garbled.size() / 2 + 300; ++i) garbled[i] = std::uint8_t(random());
    CHECK_FALSE(jpeg_damage(garbled.data(), garbled.size()).empty());
    const std::vector<std::uint8_t> not_jpeg = {1, 2, 3};
    CHECK_THAT(jpeg_damage(not_jpeg.data(), not_jpeg.size()), Catch::StartsWith("libjpeg cannot read"));
}

TEST_CASE("a damaged JPEG says so and its pixels are not scored", "[io][jpeg][pipeline][hostile]") {
    const auto truncated = cut(fx::encode(fx::synthetic_scene(256, 192, 8), ".jpg", 90), 0.5);
    libdetect::Options options;
    options.analyzers = {"ela", "noise", "metadata"};
    const libdetect::Detector detector(options);
    const libdetect::Report report = detector.analyze(libdetect::Image::from_bytes(truncated));
    REQUIRE_FALSE(report.damage.empty());
    for (const auto& result : report.analyzers) {
        if (result.name == "metadata") continue;
        CHECK_FALSE(result.applicable);
        CHECK_FALSE(result.score);
        CHECK_THAT(result.reason, Catch::Contains("damaged"));
    }
    CHECK(report.verdict.label == "inconclusive");
    CHECK_THAT(report.verdict.rationale, Catch::Contains("damaged"));

    const auto intact = fx::encode(fx::synthetic_scene(256, 192, 8), ".jpg", 90);
    const libdetect::Report clean = detector.analyze(libdetect::Image::from_bytes(intact));
    CHECK(clean.damage.empty());
    CHECK(clean.find("noise")->applicable);
}
