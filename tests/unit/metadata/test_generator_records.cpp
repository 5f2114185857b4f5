// Generator records that front-ends write in non-standard ways (issue 22):
// UTF-16 byte order and IFD0 placement of UserComment, SwarmUI, Civitai,
// Gradio JSON, lower-case ComfyUI tags, and A1111's stealth pnginfo.
#include "metadata/generators.hpp"
#include "metadata/metadata_analyzer.hpp"
#include "metadata/stealth_pnginfo.hpp"
#include "metadata/user_comment.hpp"

#include "container_builders.hpp"
#include "fixtures.hpp"

#include <libdetect/image.hpp>

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <zlib.h>

#include <string>

using namespace libdetect;
using namespace libdetect::test;
using namespace std::string_literals;
namespace fx = libdetect::fixtures;

namespace {

const std::string kA1111 = "a duck\nNegative prompt: blur\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1";

std::string utf16(const std::string& ascii, bool little_endian) {
    std::string out;
    for (char c : ascii) {
        if (little_endian) out += {c, '\0'};
        else out += {'\0', c};
    }
    return out;
}

std::string decode(const std::string& raw, bool exif_little_endian) {
    return metadata::decode_user_comment(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size(),
                                         exif_little_endian);
}

AnalyzerResult run_metadata(const std::vector<std::uint8_t>& bytes) {
    const Image image = Image::from_bytes(bytes);
    return metadata::MetadataAnalyzer().analyze({libdetect::detail::impl_of(image), true, false});
}

std::string evidence_text(const AnalyzerResult& r, const std::string& key) {
    const auto it = r.evidence.find(key);
    return it == r.evidence.end() ? std::string() : std::get<std::string>(it->second);
}

// A little-endian TIFF block: IFD0 with `ifd0_comment` as tag 0x9286
// (undefined) when given, and an Exif sub-IFD with `exif_comment`.
std::string little_endian_exif(const std::string& ifd0_comment, const std::string& exif_comment) {
    auto u16 = [](std::string& b, unsigned v) { b += {char(v & 0xFF), char(v >> 8)}; };
    auto u32 = [](std::string& b, unsigned v) {
        for (int s = 0; s < 32; s += 8) b += char(v >> s & 0xFF);
    };
    const unsigned ifd0 = 8, ifd0_entries = ifd0_comment.empty() ? 1 : 2;
    const unsigned exif_ifd = ifd0 + 2 + 12 * ifd0_entries + 4;
    const unsigned data = exif_ifd + 2 + 12 + 4;
    std::string t = "II";
    u16(t, 42);
    u32(t, ifd0);
    u16(t, ifd0_entries);
    u16(t, 0x8769);  // ExifIFD pointer
    u16(t, 4);
    u32(t, 1);
    u32(t, exif_ifd);
    if (!ifd0_comment.empty()) {
        u16(t, 0x9286);
        u16(t, 7);  // undefined
        u32(t, unsigned(ifd0_comment.size()));
        u32(t, data + unsigned(exif_comment.size()));
    }
    u32(t, 0);
    u16(t, 1);
    u16(t, 0x9286);
    u16(t, 7);
    u32(t, unsigned(exif_comment.size()));
    u32(t, data);
    u32(t, 0);
    return t + exif_comment + ifd0_comment;
}

std::vector<std::uint8_t> jpeg_with_exif(const std::string& tiff) {
    const std::vector<std::uint8_t> jpeg = fx::encode(fx::synthetic_scene(64, 48, 2), ".jpg", 90);
    const Bytes app1 = jpeg_segment(0xE1, "Exif\0\0"s + tiff);
    std::vector<std::uint8_t> out(jpeg.begin(), jpeg.begin() + 2);
    out.insert(out.end(), app1.begin(), app1.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}

// Writes `payload` after its signature and length into the low bits of the
// alpha channel (BGRA) or of R, G, B, column by column as the extension does.
void hide(cv::Mat& pixels, const std::string& signature, const std::string& payload, bool alpha) {
    std::string stream = signature;
    const std::uint32_t bits = std::uint32_t(payload.size() * 8);
    for (int s = 24; s >= 0; s -= 8) stream += char(bits >> s & 0xFF);
    stream += payload;
    std::size_t bit = 0;
    const std::size_t total = stream.size() * 8;
    for (int x = 0; x < pixels.cols && bit < total; ++x)
        for (int y = 0; y < pixels.rows && bit < total; ++y)
            for (int c = 0; c < (alpha ? 1 : 3) && bit < total; ++c, ++bit) {
                const int value = (static_cast<unsigned char>(stream[bit / 8]) >> (7 - bit % 8)) & 1;
                std::uint8_t& p = pixels.at<cv::Vec4b>(y, x)[alpha ? 3 : 2 - c];
                p = std::uint8_t((p & ~1) | value);
            }
}

std::string gzip(const std::string& text) {
    z_stream s{};
    deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&s, uLong(text.size())) + 32, '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    s.avail_in = uInt(text.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = uInt(out.size());
    deflate(&s, Z_FINISH);
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

cv::Mat noisy_bgra(int width, int height) {
    cv::Mat bgr = fx::synthetic_scene(width, height, 4), bgra;
    cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
    cv::Mat alpha(height, width, CV_8U);
    cv::RNG(9).fill(alpha, cv::RNG::UNIFORM, 0, 256);
    cv::insertChannel(alpha, bgra, 3);
    return bgra;
}

}  // namespace

TEST_CASE("UserComment's UTF-16 is read in the byte order that gives text", "[metadata][user_comment]") {
    const std::string header = "UNICODE\0"s;
    // Civitai: big-endian text inside a little-endian EXIF.
    CHECK(decode(header + utf16(kA1111, false), true) == kA1111);
    CHECK(decode(header + utf16(kA1111, true), true) == kA1111);
    CHECK(decode(header + utf16(kA1111, true), false) == kA1111);
    // A byte-order mark decides, and is dropped.
    CHECK(decode(header + "\xFE\xFF"s + utf16("ab", false), true) == "ab");
    // A surrogate pair (U+1F986, duck) and an unpaired surrogate.
    CHECK(decode(header + "\x3E\xD8\x86\xDD"s, true) == "\xF0\x9F\xA6\x86");
    CHECK(decode(header + "\x3E\xD8"s + utf16("x", true), true) == "\xEF\xBF\xBDx");
    CHECK(decode("ASCII\0\0\0"s + "Steps: 1\0\0"s, true) == "Steps: 1");
    CHECK(decode(std::string(8, '\0') + "plain", true) == "plain");
    CHECK(decode("UNICODE", true).empty());
    CHECK(decode(header + "\x41", true).empty());  // half a code unit
}

TEST_CASE("UserComment in big-endian UTF-16, and in IFD0, declares its generator", "[metadata][user_comment]") {
    const std::string civitai = kA1111 + ", Civitai resources: [{\"type\":\"checkpoint\"}]";
    const AnalyzerResult sub_ifd = run_metadata(jpeg_with_exif(little_endian_exif("", "UNICODE\0"s + utf16(civitai, false))));
    CHECK(std::get<bool>(sub_ifd.evidence.at("declared")));
    CHECK(evidence_text(sub_ifd, "generator") == "Civitai");
    CHECK(evidence_text(sub_ifd, "field:Exif.Photo.UserComment") == civitai);

    const AnalyzerResult in_ifd0 =
        run_metadata(jpeg_with_exif(little_endian_exif("ASCII\0\0\0"s + kA1111, "ASCII\0\0\0"s + "a holiday")));
    CHECK(std::get<bool>(in_ifd0.evidence.at("declared")));
    CHECK(evidence_text(in_ifd0, "field:Exif.Image.UserComment") == kA1111);
    CHECK(evidence_text(in_ifd0, "generator").rfind("AUTOMATIC1111", 0) == 0);
}

TEST_CASE("front-ends are named as themselves", "[metadata][generators]") {
    using metadata::recognise_declarations;
    const std::string graph = R"({"3": {"class_type": "KSampler"}})";
    const std::string swarm = R"({"sui_image_params": {"prompt": "a duck", "seed": 1}, "sui_extra_data": {}})";
    auto png = recognise_declarations({{"png:tEXt:parameters", "parameters", swarm}, {"png:tEXt:prompt", "prompt", graph}});
    REQUIRE(png.size() == 2);
    CHECK(png[0].generator == "SwarmUI");
    CHECK(png[1].generator == "SwarmUI");  // its ComfyUI graph, written by SwarmUI
    CHECK(recognise_declarations({{"Exif.Photo.UserComment", "UserComment", swarm}})[0].generator == "SwarmUI");
    CHECK(recognise_declarations({{"png:tEXt:prompt", "prompt", graph}})[0].generator == "ComfyUI");
    // ComfyUI's animated WebP saver: lower-case labels in EXIF Make / Model.
    CHECK(recognise_declarations({{"Exif.Image.Make", "Make", "workflow:" + graph}})[0].generator == "ComfyUI");
    CHECK(recognise_declarations({{"Exif.Image.Model", "Model", "prompt:" + graph}})[0].generator == "ComfyUI");
    const std::string gradio = R"({"prompt": "a duck", "negative_prompt": "", "seed": 42, "guidance_scale": 7})";
    auto space = recognise_declarations({{"png:tEXt:parameters", "parameters", gradio}});
    REQUIRE(space.size() == 1);
    CHECK(space[0].generator.find("Gradio") != std::string::npos);
    CHECK(space[0].declares_ai());
    // JSON without generation inputs, and a prompt without a graph, claim nothing.
    CHECK(recognise_declarations({{"png:tEXt:parameters", "parameters", R"({"prompt": "x", "exposure": 1})"},
                                  {"Exif.Image.Make", "Make", "prompt: a duck"}})
              .empty());
}

TEST_CASE("stealth pnginfo in the alpha channel is read and reported as hidden", "[metadata][stealth]") {
    cv::Mat bgra = noisy_bgra(96, 80);
    hide(bgra, "stealth_pnginfo", kA1111, true);
    const AnalyzerResult result = run_metadata(fx::encode(bgra, ".png"));
    CHECK(std::get<bool>(result.evidence.at("declared")));
    CHECK(evidence_text(result, "field:png:stealth_pnginfo:alpha") == kA1111);
    CHECK(evidence_text(result, "hidden_declaration").find("alpha channel") != std::string::npos);
    CHECK(evidence_text(result, "generator").rfind("AUTOMATIC1111", 0) == 0);
}

TEST_CASE("stealth pnginfo in RGB, gzip-compressed, is read", "[metadata][stealth]") {
    cv::Mat bgra = noisy_bgra(96, 80);
    hide(bgra, "stealth_rgbcomp", gzip(kA1111), false);
    cv::Mat bgr;
    cv::cvtColor(bgra, bgr, cv::COLOR_BGRA2BGR);
    const auto record = metadata::read_stealth_pnginfo(bgr);
    REQUIRE(record);
    CHECK(record->channel == "rgb");
    CHECK(record->compressed);
    CHECK(record->text == kA1111);
    const AnalyzerResult result = run_metadata(fx::encode(bgr, ".png"));
    CHECK(evidence_text(result, "hidden_declaration").find("gzip") != std::string::npos);
}

TEST_CASE("random low bits, a lying length and broken gzip claim nothing", "[metadata][stealth]") {
    const cv::Mat random = noisy_bgra(120, 90);
    CHECK_FALSE(metadata::read_stealth_pnginfo(random));
    const AnalyzerResult plain = run_metadata(fx::encode(random, ".png"));
    CHECK_FALSE(std::get<bool>(plain.evidence.at("declared")));
    CHECK(plain.evidence.count("hidden_declaration") == 0);

    cv::Mat lying = noisy_bgra(40, 40);
    hide(lying, "stealth_pnginfo", std::string(8, 'x'), true);
    // Overwrite the length with 2^31 bits, far more than 1,600 pixels hold.
    for (int bit = 0; bit < 32; ++bit) {
        const int index = 120 + bit;
        std::uint8_t& a = lying.at<cv::Vec4b>(index % 40, index / 40)[3];
        a = std::uint8_t((a & ~1) | (bit == 0 ? 1 : 0));
    }
    const auto overlong = metadata::read_stealth_pnginfo(lying);
    REQUIRE(overlong);
    CHECK(overlong->text.empty());
    CHECK(overlong->problem.find("length") != std::string::npos);

    cv::Mat broken = noisy_bgra(60, 60);
    hide(broken, "stealth_pngcomp", "not gzip at all", true);
    const auto bad = metadata::read_stealth_pnginfo(broken);
    REQUIRE(bad);
    CHECK(bad->text.empty());
    CHECK(bad->problem.find("gzip") != std::string::npos);
    const AnalyzerResult reported = run_metadata(fx::encode(broken, ".png"));
    CHECK(evidence_text(reported, "malformed").find("stealth pnginfo") != std::string::npos);
    CHECK_FALSE(std::get<bool>(reported.evidence.at("declared")));
}
