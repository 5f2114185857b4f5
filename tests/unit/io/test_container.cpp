#include "io/container.hpp"

#include "fixtures.hpp"

#include <libdetect/error.hpp>

#include <catch2/catch.hpp>

using namespace libdetect;
namespace fx = libdetect::fixtures;

static io::ContainerFacts facts_of(const std::vector<std::uint8_t>& bytes) {
    return io::read_container(bytes.data(), bytes.size());
}

TEST_CASE("header dimensions are read for every supported format", "[io]") {
    const cv::Mat scene = fx::synthetic_scene(67, 41, 1);
    for (const std::string ext : {".jpg", ".png", ".webp", ".tiff", ".bmp"}) {
        INFO(ext);
        const auto bytes = fx::encode(scene, ext);
        const auto facts = facts_of(bytes);
        CHECK(facts.width == 67);
        CHECK(facts.height == 41);
        CHECK(facts.exif_orientation == 1);
        CHECK(io::sniff_format(bytes.data(), bytes.size()) == facts.format);
    }
}

TEST_CASE("JPEG quantization tables are read in natural order", "[io]") {
    const auto facts = facts_of(fx::encode(fx::synthetic_scene(32, 32, 2), ".jpg", 50));
    REQUIRE(facts.jpeg);
    REQUIRE(facts.jpeg->components == 3);
    REQUIRE(facts.jpeg->quant_tables.size() == 2);
    // At quality 50 the IJG tables are exactly the Annex K tables.
    const auto& luminance = facts.jpeg->quant_tables[facts.jpeg->component_table[0]].values;
    CHECK(luminance[0] == 16);
    CHECK(luminance[1] == 11);
    CHECK(luminance[8] == 12);  // second row, first column
    CHECK(luminance[63] == 99);
    const auto& chroma = facts.jpeg->quant_tables[facts.jpeg->component_table[1]].values;
    CHECK(chroma[0] == 17);
    CHECK(chroma[2] == 24);
}

TEST_CASE("a PNG header claiming 60000x60000 pixels is read without decoding", "[io]") {
    const auto bytes = fx::png_claiming_size(60000, 60000);
    const auto facts = facts_of(bytes);
    CHECK(facts.width == 60000);
    CHECK(facts.height == 60000);
}

TEST_CASE("EXIF orientation is read from a JPEG APP1 segment", "[io]") {
    const auto bytes = fx::jpeg_with_orientation(fx::synthetic_scene(40, 20, 3), 6);
    const auto facts = facts_of(bytes);
    CHECK(facts.exif_orientation == 6);
    CHECK(facts.width == 40);
    CHECK(facts.height == 20);
}

TEST_CASE("malformed containers throw DecodeError", "[io]") {
    auto jpeg = fx::encode(fx::synthetic_scene(64, 64, 4), ".jpg");
    SECTION("truncated JPEG") {
        jpeg.resize(jpeg.size() / 2);
        CHECK_THROWS_AS(facts_of(jpeg), DecodeError);
    }
    SECTION("JPEG cut inside the header") {
        jpeg.resize(40);
        CHECK_THROWS_AS(facts_of(jpeg), DecodeError);
    }
    SECTION("text") {
        const std::string text = "this is not an image, just a note\n";
        const std::vector<std::uint8_t> bytes(text.begin(), text.end());
        CHECK(io::sniff_format(bytes.data(), bytes.size()).empty());
        CHECK_THROWS_AS(facts_of(bytes), DecodeError);
    }
    SECTION("PNG signature only") {
        auto png = fx::encode(fx::synthetic_scene(8, 8, 5), ".png");
        png.resize(10);
        CHECK_THROWS_AS(facts_of(png), DecodeError);
    }
    SECTION("BMP whose height is INT32_MIN") {
        auto bmp = fx::encode(fx::synthetic_scene(8, 8, 6), ".bmp");
        bmp[22] = 0x00; bmp[23] = 0x00; bmp[24] = 0x00; bmp[25] = 0x80;
        CHECK_THROWS_AS(facts_of(bmp), DecodeError);
    }
    SECTION("zero-size PNG header") {
        CHECK_THROWS_AS(facts_of(fx::png_claiming_size(0, 10)), DecodeError);
    }
}

TEST_CASE("a WebP EXIF chunk shorter than its prefix is not over-read", "[io]") {
    // VP8X canvas 10x10, then an EXIF chunk of length 0 followed by bytes that
    // look like an "Exif\0\0" prefix and a TIFF header with a far IFD offset.
    const std::vector<std::uint8_t> webp = {
        'R', 'I', 'F', 'F', 0x2c, 0, 0, 0, 'W', 'E', 'B', 'P',
        'V', 'P', '8', 'X', 10, 0, 0, 0, 0x02, 0, 0, 0, 9, 0, 0, 9, 0, 0,
        'E', 'X', 'I', 'F', 0, 0, 0, 0,
        'E', 'x', 'i', 'f', 0, 0, 'I', 'I', '*', 0, 0, 0, 0, 0x40};
    const auto facts = facts_of(webp);
    CHECK(facts.width == 10);
    CHECK(facts.exif_orientation == 1);
}

TEST_CASE("extraneous bytes between JPEG segments are skipped as libjpeg does", "[io]") {
    auto jpeg = fx::encode(fx::synthetic_scene(32, 32, 7), ".jpg");
    // OpenCV writes SOI then APP0 (JFIF); put a stray byte after APP0.
    REQUIRE(jpeg[2] == 0xFF);
    REQUIRE(jpeg[3] == 0xE0);
    const std::size_t after_app0 = 4 + ((std::size_t(jpeg[4]) << 8) | jpeg[5]);
    jpeg.insert(jpeg.begin() + static_cast<std::ptrdiff_t>(after_app0), std::uint8_t{0});
    const auto facts = facts_of(jpeg);
    CHECK(facts.width == 32);
    CHECK(facts.jpeg);
}
