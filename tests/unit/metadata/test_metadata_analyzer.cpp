#include "metadata/metadata_analyzer.hpp"

#include "container_builders.hpp"
#include "fixtures.hpp"

#include <libdetect/image.hpp>

#include <catch2/catch.hpp>
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <exiv2/exiv2.hpp>
#pragma GCC diagnostic pop
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

using namespace libdetect;
using namespace libdetect::test;
using namespace std::string_literals;
namespace fx = libdetect::fixtures;

namespace {

AnalyzerResult run_metadata(const std::vector<std::uint8_t>& bytes, bool gps = false) {
    const Image image = Image::from_bytes(bytes);
    return metadata::MetadataAnalyzer().analyze({libdetect::detail::impl_of(image), true, gps});
}

// A JPEG with segments inserted right after SOI.
std::vector<std::uint8_t> jpeg_with_segments(const cv::Mat& picture, const std::vector<Bytes>& segments) {
    std::vector<std::uint8_t> jpeg = fx::encode(picture, ".jpg", 90);
    std::vector<std::uint8_t> out(jpeg.begin(), jpeg.begin() + 2);
    for (const auto& s : segments) out.insert(out.end(), s.begin(), s.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}

// EXIF written with exiv2 into an encoded image: camera fields, optional
// GPS, and a thumbnail made from `thumbnail_of`.
std::vector<std::uint8_t> with_exif(const std::vector<std::uint8_t>& encoded, const cv::Mat& thumbnail_of, bool gps,
                                    const std::string& date_original = "2021:06:01 10:00:00") {
    auto image = Exiv2::ImageFactory::open(encoded.data(), static_cast<long>(encoded.size()));
    image->readMetadata();
    Exiv2::ExifData exif;
    exif["Exif.Image.Make"] = "Canon";
    exif["Exif.Image.Model"] = "Canon EOS 80D";
    exif["Exif.Photo.DateTimeOriginal"] = date_original;
    exif["Exif.Image.DateTime"] = "2021:06:01 10:00:00";
    if (gps) {
        exif["Exif.GPSInfo.GPSLatitudeRef"] = "N";
        exif["Exif.GPSInfo.GPSLatitude"] = "51/1 30/1 0/1";
        exif["Exif.GPSInfo.GPSLongitudeRef"] = "W";
        exif["Exif.GPSInfo.GPSLongitude"] = "0/1 6/1 0/1";
    }
    if (!thumbnail_of.empty()) {
        cv::Mat small;
        cv::resize(thumbnail_of, small, cv::Size(160, 120), 0, 0, cv::INTER_AREA);
        const auto thumb = fx::encode(small, ".jpg", 85);
        Exiv2::ExifThumb(exif).setJpegThumbnail(thumb.data(), static_cast<long>(thumb.size()));
    }
    image->setExifData(exif);
    image->writeMetadata();
    Exiv2::BasicIo& io = image->io();
    io.seek(0, Exiv2::BasicIo::beg);
    const Exiv2::DataBuf data = io.read(static_cast<long>(io.size()));
    return {data.pData_, data.pData_ + data.size_};
}

}  // namespace

TEST_CASE("metadata: a PNG with A1111 parameters declares AI generation", "[metadata][analyzer]") {
    auto png = fx::encode(fx::synthetic_scene(64, 48, 1), ".png");
    // Insert a tEXt chunk after IHDR (8-byte signature + 25-byte IHDR).
    const auto chunk = png_chunk("tEXt", "parameters\0a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5"s);
    png.insert(png.begin() + 33, chunk.begin(), chunk.end());
    const AnalyzerResult r = run_metadata(png);
    REQUIRE(r.applicable);
    REQUIRE(r.score);
    CHECK(*r.score == Approx(0.99));
    CHECK(std::get<bool>(r.evidence.at("declared")));
    CHECK(std::get<std::string>(r.evidence.at("generator")).find("AUTOMATIC1111") == 0);
    CHECK(std::get<std::string>(r.evidence.at("field:png:tEXt:parameters")).find("Steps: 20") != std::string::npos);
}

TEST_CASE("metadata: XMP DigitalSourceType in a JPEG declares AI generation", "[metadata][analyzer]") {
    const std::string xmp =
        R"(<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">)"
        R"(<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" )"
        R"(Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>)"
        R"(</rdf:RDF></x:xmpmeta>)";
    const auto jpeg = jpeg_with_segments(fx::synthetic_scene(64, 48, 2),
                                         {jpeg_segment(0xE1, "http://ns.adobe.com/xap/1.0/\0"s + xmp)});
    const AnalyzerResult r = run_metadata(jpeg);
    REQUIRE(r.score);
    CHECK(*r.score == Approx(0.99));
    CHECK(std::get<std::string>(r.evidence.at("declared_ai")).find("trainedAlgorithmicMedia") == 0);
}

TEST_CASE("metadata: a consistent camera record pushes mildly toward authentic", "[metadata][analyzer]") {
    const cv::Mat picture = fx::synthetic_scene(320, 240, 3);
    const AnalyzerResult r = run_metadata(with_exif(fx::encode(picture, ".jpg", 92), picture, true));
    REQUIRE(r.score);
    CHECK(*r.score == Approx(0.3));
    CHECK(std::get<bool>(r.evidence.at("camera_record")));
    CHECK_FALSE(std::get<bool>(r.evidence.at("declared")));
    CHECK(std::get<std::string>(r.evidence.at("thumbnail")) == "matches the picture");
    // GPS: presence only, unless asked for.
    CHECK(std::get<bool>(r.evidence.at("gps_present")));
    CHECK(r.evidence.count("gps_latitude") == 0);
    const AnalyzerResult located = run_metadata(with_exif(fx::encode(picture, ".jpg", 92), picture, true), true);
    CHECK(std::get<double>(located.evidence.at("gps_latitude")) == Approx(51.5));
    CHECK(std::get<double>(located.evidence.at("gps_longitude")) == Approx(-0.1));
}

TEST_CASE("metadata: a thumbnail of another picture means an edit after capture", "[metadata][analyzer]") {
    const cv::Mat picture = fx::synthetic_scene(320, 240, 4);
    cv::Mat edited = picture.clone();
    cv::rectangle(edited, cv::Rect(60, 40, 200, 150), cv::Scalar(20, 200, 240), cv::FILLED);
    const AnalyzerResult r = run_metadata(with_exif(fx::encode(edited, ".jpg", 92), picture, false));
    CHECK(std::get<std::string>(r.evidence.at("thumbnail")) == "differs from the picture");
    CHECK_FALSE(r.score);  // no longer a consistent camera record
    const AnalyzerResult bad_dates =
        run_metadata(with_exif(fx::encode(picture, ".jpg", 92), picture, false, "2022:01:01 00:00:00"));
    CHECK(std::get<std::string>(bad_dates.evidence.at("camera_record_inconsistencies")).find("before DateTimeOriginal") !=
          std::string::npos);
    CHECK_FALSE(bad_dates.score);
}

TEST_CASE("metadata: no metadata gives no score and says why; pixels are not applicable", "[metadata][analyzer]") {
    const AnalyzerResult r = run_metadata(fx::encode(fx::synthetic_scene(64, 48, 5), ".png"));
    REQUIRE(r.applicable);
    CHECK_FALSE(r.score);
    CHECK(std::get<std::string>(r.evidence.at("no_score_reason")).find("proves nothing") != std::string::npos);

    const cv::Mat pixels = fx::synthetic_scene(64, 48, 5);
    const Image image = Image::from_pixels(pixels.data, pixels.cols, pixels.rows, 3, 0, PixelOrder::BGR);
    CHECK_FALSE(metadata::MetadataAnalyzer().analyze({libdetect::detail::impl_of(image), true, false}).applicable);
}

TEST_CASE("metadata: malformed chunks are named and the rest is still read", "[metadata][analyzer]") {
    auto png = fx::encode(fx::synthetic_scene(64, 48, 6), ".png");
    const auto good = png_chunk("tEXt", "Software\0NovelAI"s);
    const auto bad = png_chunk("tEXt", "Comment\0tampered"s, true);
    png.insert(png.begin() + 33, bad.begin(), bad.end());
    png.insert(png.begin() + 33, good.begin(), good.end());
    const AnalyzerResult r = run_metadata(png);
    CHECK(std::get<std::string>(r.evidence.at("malformed")).find("CRC mismatch") != std::string::npos);
    CHECK(std::get<std::string>(r.evidence.at("generator")) == "NovelAI");
}

TEST_CASE("metadata: a 10 MB unterminated DigitalSourceType does not crash any container's reader",
          "[metadata][analyzer][hostile]") {
    // std::regex recursed once per character here and overflowed the stack
    // (issue 16). Each container holds the same hostile packet: a 10 MB
    // attribute with no closing quote; JPEG's APP1 holds at most 64 KB.
    const std::string open = "<x:xmpmeta><rdf:Description Iptc4xmpExt:DigitalSourceType=\"";
    const std::string hostile = open + std::string(10 << 20, 'a');
    const cv::Mat picture = fx::synthetic_scene(64, 48, 3);

    auto png = fx::encode(picture, ".png");
    const auto itxt = png_chunk("iTXt", "XML:com.adobe.xmp\0\0\0\0\0"s + hostile);
    png.insert(png.begin() + 33, itxt.begin(), itxt.end());

    auto jpeg = jpeg_with_segments(
        picture, {jpeg_segment(0xE1, "http://ns.adobe.com/xap/1.0/\0"s + hostile.substr(0, 65000))});

    auto webp = fx::encode(picture, ".webp");
    const auto xmp_chunk = riff_chunk("XMP ", hostile);
    webp.insert(webp.end(), xmp_chunk.begin(), xmp_chunk.end());
    const std::uint32_t riff_size = static_cast<std::uint32_t>(webp.size() - 8);
    for (int i = 0; i < 4; ++i) webp[4 + i] = static_cast<std::uint8_t>(riff_size >> (8 * i));

    for (const auto* file : {&png, &jpeg, &webp}) {
        const AnalyzerResult r = run_metadata(*file);
        REQUIRE(r.applicable);
        // The unterminated value is still read as a (non-AI) source type:
        // the scanner stops at the packet's end, not at a stack limit.
        const auto field = r.evidence.find("field:xmp:DigitalSourceType");
        REQUIRE(field != r.evidence.end());
        CHECK(std::get<std::string>(field->second).rfind("aaaa", 0) == 0);
        CHECK_FALSE(std::get<bool>(r.evidence.at("declared")));
    }
}
