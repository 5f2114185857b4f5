#include "forensics/jpeg_quality.hpp"

#include "fixtures.hpp"
#include "io/container.hpp"

#include <catch2/catch.hpp>

using namespace libdetect;
namespace fx = libdetect::fixtures;

static io::JpegFacts jpeg_facts(int quality) {
    const auto bytes = fx::encode(fx::synthetic_scene(64, 64, 1), ".jpg", quality);
    return *io::read_container(bytes.data(), bytes.size()).jpeg;
}

TEST_CASE("the IJG quality of libjpeg-written files is recovered exactly", "[forensics]") {
    for (int quality : {10, 30, 50, 75, 85, 90, 95, 99, 100}) {
        INFO("quality " << quality);
        const auto estimate = forensics::estimate_jpeg_quality(jpeg_facts(quality));
        REQUIRE(estimate);
        CHECK(estimate->quality == quality);
        CHECK(estimate->standard_tables);
        CHECK(estimate->mean_abs_deviation == 0.0);
    }
}

TEST_CASE("tables that are not IJG-scaled are flagged non-standard", "[forensics]") {
    io::JpegFacts facts = jpeg_facts(80);
    for (auto& table : facts.quant_tables)
        for (std::size_t i = 0; i < 64; i += 3) table.values[i] = static_cast<std::uint16_t>(table.values[i] + 2);
    const auto estimate = forensics::estimate_jpeg_quality(facts);
    REQUIRE(estimate);
    CHECK_FALSE(estimate->standard_tables);
    CHECK(estimate->mean_abs_deviation > 0.0);
    CHECK(std::abs(estimate->quality - 80) <= 3);  // still the nearest quality
}

TEST_CASE("no tables, no estimate", "[forensics]") {
    CHECK_FALSE(forensics::estimate_jpeg_quality(io::JpegFacts{}));
}
