#include "fixtures.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <zlib.h>

namespace libdetect::fixtures {

cv::Mat synthetic_scene(int width, int height, std::uint64_t seed) {
    cv::RNG rng(seed);
    cv::Mat coarse(std::max(2, height / 16), std::max(2, width / 16), CV_32FC3);
    rng.fill(coarse, cv::RNG::NORMAL, 0.0, 1.0);
    cv::Mat scene;
    cv::resize(coarse, scene, cv::Size(width, height), 0, 0, cv::INTER_CUBIC);
    scene = scene * 40.0 + cv::Scalar::all(128.0);
    for (int i = 0; i < 25; ++i) {
        const cv::Scalar colour(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
        const cv::Point centre(rng.uniform(0, width), rng.uniform(0, height));
        cv::circle(scene, centre, rng.uniform(5, std::max(6, width / 8)), colour, cv::FILLED);
    }
    cv::Mat noise(scene.size(), scene.type());
    rng.fill(noise, cv::RNG::NORMAL, 0.0, 3.0);
    scene += noise;
    cv::GaussianBlur(scene, scene, cv::Size(0, 0), 0.7);
    cv::Mat out;
    scene.convertTo(out, CV_8UC3);  // rounds and saturates
    return out;
}

cv::Mat structured_scene(int width, int height, std::uint64_t seed) {
    cv::Mat scene = synthetic_scene(width, height, seed);
    cv::RNG rng(seed * 7919 + 1);
    auto colour = [&] { return cv::Scalar(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)); };
    auto point = [&] { return cv::Point(rng.uniform(0, width), rng.uniform(0, height)); };
    for (int i = 0; i < 40; ++i) cv::line(scene, point(), point(), colour(), rng.uniform(1, 4), cv::LINE_AA);
    static const char* const kWords[] = {"EVIDENCE", "Case 42", "libdetect", "PDQ", "Oslo", "x7-Q", "2026"};
    for (int i = 0; i < 30; ++i)
        cv::putText(scene, kWords[rng.uniform(0, 7)], point(), rng.uniform(0, 8), rng.uniform(0.4, 1.2), colour(),
                    rng.uniform(1, 3), cv::LINE_AA);
    return scene;
}

std::vector<std::uint8_t> encode(const cv::Mat& image, const std::string& extension,
                                 int jpeg_quality) {
    std::vector<std::uint8_t> bytes;
    std::vector<int> params;
    if (extension == ".jpg") params = {cv::IMWRITE_JPEG_QUALITY, jpeg_quality};
    if (!cv::imencode(extension, image, bytes, params))
        throw std::runtime_error("fixture encoding failed: " + extension);
    return bytes;
}

cv::Mat decode(const std::vector<std::uint8_t>& bytes) {
    cv::Mat image = cv::imdecode(bytes, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    if (image.empty()) throw std::runtime_error("fixture decoding failed");
    return image;
}

cv::Mat jpeg_roundtrip(const cv::Mat& image, int quality) {
    return decode(encode(image, ".jpg", quality));
}

Splice make_jpeg_splice(int width, int height, std::uint64_t seed, int background_quality,
                        int donor_quality, int final_quality, cv::Rect region) {
    cv::Mat composite = jpeg_roundtrip(synthetic_scene(width, height, seed), background_quality);
    const cv::Mat donor = jpeg_roundtrip(synthetic_scene(width, height, seed + 1000), donor_quality);
    donor(region).copyTo(composite(region));
    return {encode(composite, ".jpg", final_quality), region};
}

std::vector<std::uint8_t> make_single_jpeg(int width, int height, std::uint64_t seed, int quality) {
    return encode(synthetic_scene(width, height, seed), ".jpg", quality);
}

std::vector<std::uint8_t> png_claiming_size(std::uint32_t width, std::uint32_t height) {
    std::vector<std::uint8_t> png = encode(cv::Mat(8, 8, CV_8UC3, cv::Scalar::all(90)), ".png");
    auto put32 = [&](std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) png[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
    };
    put32(16, width);
    put32(20, height);
    // IHDR CRC covers the chunk type and data: bytes 12..28.
    put32(29, static_cast<std::uint32_t>(crc32(0, png.data() + 12, 17)));
    return png;
}

std::vector<std::uint8_t> jpeg_with_orientation(const cv::Mat& image, int orientation) {
    std::vector<std::uint8_t> jpeg = encode(image, ".jpg", 90);
    // Big-endian TIFF header, IFD0 with one SHORT entry (tag 274), no next IFD.
    const std::vector<std::uint8_t> tiff = {
        'M', 'M', 0, 42, 0, 0, 0, 8,                     // header, IFD0 at 8
        0, 1,                                            // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1,                    // tag 274, SHORT, count 1
        0, static_cast<std::uint8_t>(orientation), 0, 0, // value
        0, 0, 0, 0};                                     // no next IFD
    std::vector<std::uint8_t> app1 = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
    app1.insert(app1.end(), tiff.begin(), tiff.end());
    const std::size_t length = app1.size() - 2;
    app1[2] = static_cast<std::uint8_t>(length >> 8);
    app1[3] = static_cast<std::uint8_t>(length & 0xFF);
    jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());  // right after SOI
    return jpeg;
}

std::vector<std::uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace libdetect::fixtures
