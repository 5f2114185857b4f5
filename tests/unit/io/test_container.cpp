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
    SECTION("zero-size PNG header") {
        CHECK_THROWS_AS(facts_of(fx::png_claiming_size(0, 10)), DecodeError);
    }
}
