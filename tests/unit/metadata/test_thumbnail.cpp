#include "metadata/thumbnail.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdint>
#include <vector>

using libdetect::metadata::compare_thumbnail;
namespace fx = libdetect::fixtures;

namespace {

// A real JPEG whose frame header (SOF0) is patched to claim width x height.
std::vector<std::uint8_t> jpeg_claiming(int width, int height) {
    std::vector<std::uint8_t> jpeg = fx::encode(fx::synthetic_scene(16, 16, 4), ".jpg", 90);
    for (std::size_t i = 2; i + 9 < jpeg.size(); ++i) {
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) {
            jpeg[i + 5] = std::uint8_t(height >> 8);
            jpeg[i + 6] = std::uint8_t(height);
            jpeg[i + 7] = std::uint8_t(width >> 8);
            jpeg[i + 8] = std::uint8_t(width);
            return jpeg;
        }
    }
    FAIL("no SOF0 in the fixture");
    return {};
}

}  // namespace

TEST_CASE("thumbnail: a matching thumbnail is compared, hostile ones are never decoded", "[metadata][thumbnail][hostile]") {
    const cv::Mat picture = fx::synthetic_scene(320, 240, 5);
    cv::Mat small;
    cv::resize(picture, small, cv::Size(160, 120), 0, 0, cv::INTER_AREA);
    const auto thumbnail = compare_thumbnail(fx::encode(small, ".jpg", 85), picture);
    REQUIRE(thumbnail);
    CHECK(thumbnail->matches);

    // 65,500 x 65,500 declared in a few kilobytes: refused from the header
    // (OpenCV's reduced decode allocated 1.2 GB for it).
    CHECK_FALSE(compare_thumbnail(jpeg_claiming(65500, 65500), picture));
    // Not a JPEG: PNG, and formats whose OpenCV decoders write temporary files.
    CHECK_FALSE(compare_thumbnail(fx::encode(small, ".png"), picture));
    const std::string hdr = "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 8 +X 8\n";
    CHECK_FALSE(compare_thumbnail(std::vector<std::uint8_t>(hdr.begin(), hdr.end()), picture));
    CHECK_FALSE(compare_thumbnail({0xFF, 0xD8, 0xFF}, picture));  // truncated
}
