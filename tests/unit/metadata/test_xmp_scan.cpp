#include "metadata/xmp_scan.hpp"

#include <catch2/catch.hpp>

#include <string>

using libdetect::metadata::xmp_digital_source_type;

TEST_CASE("XMP scan: DigitalSourceType as attribute, element and resource", "[metadata][xmp]") {
    CHECK(xmp_digital_source_type(R"(<d Iptc4xmpExt:DigitalSourceType="http://x/trainedAlgorithmicMedia"/>)") ==
          "http://x/trainedAlgorithmicMedia");
    CHECK(xmp_digital_source_type("<Iptc4xmpExt:DigitalSourceType>compositeSynthetic</Iptc4xmpExt:DigitalSourceType>") ==
          "compositeSynthetic");
    CHECK(xmp_digital_source_type("<Iptc4xmpExt:DigitalSourceType \n rdf:resource=\"http://x/digitalCapture\"/>") ==
          "http://x/digitalCapture");
    // A mention that is not followed by a value is skipped, the next one found.
    CHECK(xmp_digital_source_type(R"(DigitalSourceType DigitalSourceType="" DigitalSourceType="v")") == "v");
    CHECK_FALSE(xmp_digital_source_type("<x:xmpmeta/>"));
    CHECK_FALSE(xmp_digital_source_type("DigitalSourceType"));
    CHECK_FALSE(xmp_digital_source_type("DigitalSourceType rdf:about=\"x\""));
}

TEST_CASE("XMP scan: an unterminated 10 MB value is read to the end without recursion", "[metadata][xmp][hostile]") {
    const std::string packet = "DigitalSourceType=\"" + std::string(10 << 20, 'a');
    const auto value = xmp_digital_source_type(packet);
    REQUIRE(value);
    CHECK(value->size() == std::size_t(10) << 20);
    // Millions of mentions without a value: each one is looked at once.
    std::string mentions;
    for (int i = 0; i < 200000; ++i) mentions += "DigitalSourceType ";
    CHECK_FALSE(xmp_digital_source_type(mentions));
}
