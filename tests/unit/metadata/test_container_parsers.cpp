#include "container_builders.hpp"
#include "metadata/jpeg_segments.hpp"
#include "metadata/png_chunks.hpp"
#include "metadata/webp_chunks.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace libdetect::metadata;
using namespace libdetect::test;
using namespace std::string_literals;

namespace {

bool any_problem_contains(const ContainerMetadata& m, const std::string& needle) {
    for (const auto& p : m.problems)
        if (p.find(needle) != std::string::npos) return true;
    return false;
}

const std::string kParameters =
    "photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, Seed: 235284042";

}  // namespace

TEST_CASE("PNG text chunks are read with their keywords", "[metadata][png]") {
    const auto png = png_with({png_chunk("tEXt", "parameters\0"s + kParameters),
                               png_chunk("zTXt", "Comment\0\0"s + zlib_compress("{\"steps\": 50}")),
                               png_chunk("iTXt", "Title\0\0\0en\0Titel\0"s + "caf\xC3\xA9"),
                               png_chunk("iTXt", "Description\0\1\0\0\0"s + zlib_compress("a \xE2\x9C\x93 mark")),
                               png_chunk("tEXt", "Author\0"s + "Andr\xE9")});
    const ContainerMetadata m = read_png_metadata(png.data(), png.size());
    CHECK(m.problems.empty());
    REQUIRE(m.texts.size() == 5);
    CHECK(m.texts[0].location == "png:tEXt");
    CHECK(m.texts[0].key == "parameters");
    CHECK(m.texts[0].text == kParameters);
    CHECK(m.texts[1].location == "png:zTXt");
    CHECK(m.texts[1].text == "{\"steps\": 50}");
    CHECK(m.texts[2].text == "caf\xC3\xA9");
    CHECK(m.texts[3].text == "a \xE2\x9C\x93 mark");
    CHECK(m.texts[4].text == "Andr\xC3\xA9");  // tEXt is Latin-1
}

TEST_CASE("PNG XMP, eXIf and the C2PA store are kept apart", "[metadata][png]") {
    const auto png = png_with({png_chunk("iTXt", "XML:com.adobe.xmp\0\0\0\0\0"s + "<x:xmpmeta/>"),
                               png_chunk("eXIf", "MM\0*\0\0\0\x08"s),
                               png_chunk("caBX", "\0\0\0\x08jumb"s)});
    const ContainerMetadata m = read_png_metadata(png.data(), png.size());
    CHECK(m.texts.empty());
    CHECK(m.xmp == "<x:xmpmeta/>");
    CHECK(m.exif.size() == 8);
    CHECK(m.c2pa.size() == 8);
}

TEST_CASE("malformed PNG chunks are reported, never trusted", "[metadata][png]") {
    SECTION("CRC mismatch: reported, the text still read") {
        const auto png = png_with({png_chunk("tEXt", "parameters\0"s + kParameters, true)});
        const auto m = read_png_metadata(png.data(), png.size());
        CHECK(any_problem_contains(m, "CRC mismatch"));
        REQUIRE(m.texts.size() == 1);
    }
    SECTION("a length that runs past the end stops the walk") {
        auto png = png_with({png_chunk("tEXt", "k\0v"s)});
        png[8 + 25 + 3] = 0xFF;  // the tEXt chunk's length, after the signature and IHDR
        const auto m = read_png_metadata(png.data(), png.size());
        CHECK(any_problem_contains(m, "runs past the end"));
        CHECK(m.texts.empty());
    }
    SECTION("a keyword without NUL, and a truncated file") {
        auto png = png_with({png_chunk("tEXt", "no-terminator")});
        png.resize(png.size() - 6);
        const auto m = read_png_metadata(png.data(), png.size());
        CHECK(any_problem_contains(m, "no NUL"));
        CHECK(any_problem_contains(m, "IEND"));
    }
    SECTION("a compressed chunk that inflates past the cap is cut at the cap") {
        const std::string bomb = zlib_compress(std::string(kMaxTextBytes * 16, 'a'));
        CHECK(bomb.size() < 100000);
        const auto png = png_with({png_chunk("zTXt", "parameters\0\0"s + bomb)});
        const auto m = read_png_metadata(png.data(), png.size());
        CHECK(any_problem_contains(m, "decompresses to more than"));
        REQUIRE(m.texts.size() == 1);
        CHECK(m.texts[0].text.size() == kMaxTextBytes);
        CHECK(m.texts[0].truncated);
    }
    SECTION("thousands of compressed chunks: only the kept ones are inflated, each to the field cap") {
        const std::string bomb = "k\0\0"s + zlib_compress(std::string(kMaxTextBytes * 4, 'z'));
        std::vector<Bytes> chunks(5000, png_chunk("zTXt", bomb));
        const auto png = png_with(chunks);
        const auto m = read_png_metadata(png.data(), png.size());
        REQUIRE(m.texts.size() == kMaxRecords);
        CHECK(m.texts.back().text.size() == kMaxTextBytes);
        CHECK(any_problem_contains(m, "the cap of a text field"));
        // One flaw repeated thousands of times is listed a few times and counted.
        CHECK(m.problems.size() == kMaxProblems);
        CHECK(m.problems_not_listed > 0);
        CHECK(std::count_if(m.problems.begin(), m.problems.end(), [](const std::string& p) {
                  return p.find("text fields: the rest are ignored") != std::string::npos;
              }) <= 1);
    }
    SECTION("a 100-MB text chunk is kept up to the cap") {
        std::string body = "parameters"s + '\0' + std::string(100u << 20, 'x');
        const auto png = png_with({png_chunk("tEXt", body)});
        body.clear();
        body.shrink_to_fit();
        const auto m = read_png_metadata(png.data(), png.size());
        CHECK(m.problems.empty());
        REQUIRE(m.texts.size() == 1);
        CHECK(m.texts[0].text.size() == kMaxTextBytes);
        CHECK(m.texts[0].truncated);
    }
    SECTION("broken compressed data and invalid UTF-8") {
        const auto png = png_with({png_chunk("zTXt", "k\0\0not zlib"s),
                                   png_chunk("iTXt", "k\0\0\0\0\0"s + "bad \xFF\xC0\x80 \xED\xA0\x80 end")});
        const auto m = read_png_metadata(png.data(), png.size());
        CHECK(any_problem_contains(m, "malformed"));
        REQUIRE(m.texts.size() == 2);
        CHECK(m.texts[1].text == "bad \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end");
    }
    SECTION("not a PNG") {
        const std::vector<std::uint8_t> junk(20, 7);
        CHECK(any_problem_contains(read_png_metadata(junk.data(), junk.size()), "signature"));
    }
}

TEST_CASE("JPEG segments: comments, EXIF, XMP and a C2PA store split over APP11 packets", "[metadata][jpeg]") {
    // A JUMBF superbox of 40 bytes cut into two packets; the second repeats
    // the box header (LBox, TBox), as the C2PA specification prescribes.
    std::string box = "\0\0\0\x28jumb"s + std::string(32, 'x');
    const std::string header = "JP\0\1"s;
    const std::string first = header + "\0\0\0\1"s + box.substr(0, 20);
    const std::string second = header + "\0\0\0\2"s + box.substr(0, 8) + box.substr(20);
    const auto jpeg = jpeg_with({jpeg_segment(0xFE, "Made with a test"),
                                 jpeg_segment(0xE1, "Exif\0\0MM\0*\0\0\0\x08"s),
                                 jpeg_segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"s),
                                 jpeg_segment(0xEB, first), jpeg_segment(0xEB, second)});
    const auto m = read_jpeg_metadata(jpeg.data(), jpeg.size());
    CHECK(m.problems.empty());
    REQUIRE(m.texts.size() == 1);
    CHECK(m.texts[0].location == "jpeg:COM");
    CHECK(m.texts[0].text == "Made with a test");
    CHECK(m.exif.size() == 8);
    CHECK(m.xmp == "<x:xmpmeta/>");
    CHECK(std::string(m.c2pa.begin(), m.c2pa.end()) == box);
}

TEST_CASE("malformed JPEG segments are reported", "[metadata][jpeg]") {
    const std::string header = "JP\0\1"s;
    SECTION("a missing JUMBF packet drops the store") {
        const auto jpeg = jpeg_with({jpeg_segment(0xEB, header + "\0\0\0\2"s + std::string(12, 'y'))});
        const auto m = read_jpeg_metadata(jpeg.data(), jpeg.size());
        CHECK(any_problem_contains(m, "packet 1 is missing"));
        CHECK(m.c2pa.empty());
    }
    SECTION("an EXIF or XMP header longer than its segment (found by fuzzing)") {
        auto jpeg = jpeg_with({jpeg_segment(0xE1, "Exi"), jpeg_segment(0xE1, "http://ns")});
        // Make the short segments' bytes continue with what the headers expect.
        const auto m = read_jpeg_metadata(jpeg.data(), jpeg.size());
        CHECK(m.exif.empty());
        CHECK(m.xmp.empty());
        const Bytes tricky = {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x04, 'E', 'x', 'i', 'f', 0, 0, 0xFF, 0xD9};
        CHECK(read_jpeg_metadata(tricky.data(), tricky.size()).exif.empty());
    }
    SECTION("a segment length past the end") {
        auto jpeg = jpeg_with({jpeg_segment(0xFE, "comment")});
        jpeg.resize(8);
        const auto m = read_jpeg_metadata(jpeg.data(), jpeg.size());
        CHECK(any_problem_contains(m, "runs past the end"));
    }
}

TEST_CASE("WebP chunks: EXIF with or without its JPEG prefix, XMP, C2PA", "[metadata][webp]") {
    const auto webp = webp_with({riff_chunk("VP8 ", "xxxx"), riff_chunk("EXIF", "Exif\0\0II*\0\x08\0\0\0"s),
                                 riff_chunk("XMP ", "<x:xmpmeta/>"), riff_chunk("C2PA", "abc")});
    const auto m = read_webp_metadata(webp.data(), webp.size());
    CHECK(m.problems.empty());
    CHECK(std::string(m.exif.begin(), m.exif.end()) == "II*\0\x08\0\0\0"s);
    CHECK(m.xmp == "<x:xmpmeta/>");
    CHECK(m.c2pa.size() == 3);
    auto cut = webp;
    cut.resize(cut.size() - 2);
    CHECK(any_problem_contains(read_webp_metadata(cut.data(), cut.size()), "runs past the end"));
}
