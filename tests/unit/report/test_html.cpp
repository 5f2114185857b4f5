#include <libdetect/html.hpp>

#include "fixtures.hpp"

#include <libdetect/detector.hpp>
#include <libdetect/error.hpp>

#include <catch2/catch.hpp>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <regex>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

// A PNG whose tEXt "prompt" chunk holds markup, as a hostile file might.
std::vector<std::uint8_t> png_with_prompt(const std::string& prompt) {
    auto png = fx::encode(fx::synthetic_scene(96, 64, 3), ".png");
    std::vector<std::uint8_t> chunk = {0, 0, 0, 0, 't', 'E', 'X', 't'};
    const std::string body = std::string("prompt") + '\0' + prompt;
    chunk.insert(chunk.end(), body.begin(), body.end());
    const auto length = static_cast<std::uint32_t>(body.size());
    for (int i = 0; i < 4; ++i) chunk[i] = static_cast<std::uint8_t>(length >> (24 - 8 * i));
    const uLong crc = crc32(0L, chunk.data() + 4, static_cast<uInt>(4 + body.size()));
    for (int i = 3; i >= 0; --i) chunk.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
    png.insert(png.begin() + 33, chunk.begin(), chunk.end());
    return png;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

}  // namespace

TEST_CASE("HTML report: strings from the file are escaped", "[report][html]") {
    const Image image = Image::from_bytes(png_with_prompt("<script>alert('x')</script><img src=x onerror=y>"), "<b>name</b>.png");
    const Report report = Detector().analyze(image);
    const std::string html = to_html(report, image);
    CHECK(lower(html).find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("<img src=x") == std::string::npos);
    CHECK(html.find("&lt;b&gt;name&lt;/b&gt;.png") != std::string::npos);
}

TEST_CASE("HTML report: self-contained, previews blurred unless asked", "[report][html]") {
    const Image image = Image::from_bytes(fx::encode(fx::synthetic_scene(320, 240, 4), ".jpg", 90), "photo.jpg");
    const Report report = Detector().analyze(image);
    const std::string blurred = to_html(report, image);
    // Every picture is embedded; nothing is fetched from anywhere.
    const std::regex external(R"((src|href)\s*=\s*"(?!data:|#|report-))", std::regex::icase);
    CHECK_FALSE(std::regex_search(blurred, external));
    CHECK(blurred.find("src=\"data:image/jpeg;base64,") != std::string::npos);
    CHECK(blurred.find("default-src 'none'") != std::string::npos);
    // The preview and every heatmap overlay are blurred.
    std::size_t images = 0, blurred_images = 0;
    for (std::size_t at = blurred.find("<img "); at != std::string::npos; at = blurred.find("<img ", at + 1)) {
        ++images;
        const std::string tag = blurred.substr(at, blurred.find('>', at) - at);
        if (tag.find("class=\"blurred\"") != std::string::npos) ++blurred_images;
    }
    CHECK(images >= 3);
    CHECK(blurred_images == images);
    CHECK(blurred.find(report.sha256) != std::string::npos);
    CHECK(blurred.find("Inconclusive") != std::string::npos);
    // Probabilities in words at the top; the frequency profile as an inline chart.
    CHECK(blurred.find("Probabilities: ") < blurred.find("<h2>Image</h2>"));
    CHECK(blurred.find("locally edited ") != std::string::npos);
    CHECK(blurred.find("aria-label=\"frequency radial_profile\"") != std::string::npos);
    CHECK(blurred.find("<polyline") != std::string::npos);

    HtmlOptions plain;
    plain.blur_previews = false;
    const std::string unblurred = to_html(report, image, plain);
    CHECK(unblurred.find("class=\"blurred\"") == std::string::npos);

    const Image other = Image::from_bytes(fx::encode(fx::synthetic_scene(320, 240, 5), ".jpg", 90));
    CHECK_THROWS_AS(to_html(report, other), InvalidArgument);
}

TEST_CASE("HTML report: a faces panel with numbered boxes, blurred, and one row per face", "[report][html]") {
    const Image image = Image::from_bytes(fx::encode(fx::synthetic_scene(320, 240, 3), ".png"), "faces.png");
    Report report = Detector(Options{{"ela"}}).analyze(image);
    AnalyzerResult faces;
    faces.name = "face";
    faces.version = "1.0.0";
    faces.score = 0.83;
    Face first;
    first.box = {40, 30, 90, 100};
    first.size = 95;
    first.detection_confidence = 1.2;
    first.blend_probability = 0.83;
    FaceContext cues;
    cues.noise_face = 2.5;
    cues.noise_context = 1.25;
    first.context = cues;
    Face small = first;
    small.box = {200, 20, 30, 30};
    small.too_small = true;
    small.blend_probability = 0.1;
    small.context.reset();  // too small to measure: dashes, not zeros
    faces.findings.faces = {first, small};
    faces.findings.face_swap = FaceSwapEstimate{0.83, 0.6, 0.86, 0, "face-blend-detector"};
    report.analyzers.push_back(faces);
    const std::string html = to_html(report, image);
    CHECK(html.find("faces found (numbered as in the table)") != std::string::npos);
    CHECK(html.find("83% (above threshold)") != std::string::npos);
    CHECK(html.find("10% (too small to judge)") != std::string::npos);
    CHECK(html.find("2.5 / 1.25") != std::string::npos);
    CHECK(html.find("10% (too small to judge)</td><td class=\"v\">-</td>") != std::string::npos);
    // The boxes figure is blurred like every preview.
    const auto figure = html.find("alt=\"faces found");
    REQUIRE(figure != std::string::npos);
    CHECK(html.substr(figure, 120).find("class=\"blurred\"") != std::string::npos);
    CHECK(to_html(report, image, HtmlOptions{false}).find("class=\"blurred\"") == std::string::npos);
}
