#include "io/png_pixels.hpp"

#include "fixtures.hpp"

#include <libdetect/error.hpp>
#include <libdetect/image.hpp>

#include <catch2/catch.hpp>
#include <opencv2/core.hpp>
#include <zlib.h>

#include <cstring>
#include <string>

using libdetect::io::png_pixel_chunks;
namespace fx = libdetect::fixtures;

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes chunk(const std::string& type, const std::string& body) {
    Bytes c = {std::uint8_t(body.size() >> 24), std::uint8_t(body.size() >> 16), std::uint8_t(body.size() >> 8),
               std::uint8_t(body.size())};
    c.insert(c.end(), type.begin(), type.end());
    c.insert(c.end(), body.begin(), body.end());
    uLong crc = crc32(0, reinterpret_cast<const Bytef*>(type.data()), 4);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()));
    for (int shift : {24, 16, 8, 0}) c.push_back(std::uint8_t(crc >> shift));
    return c;
}

std::string deflated(const std::string& text) {
    uLongf size = compressBound(uLong(text.size()));
    std::string out(size, '\0');
    compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
              uLong(text.size()), 9);
    out.resize(size);
    return out;
}

}  // namespace

TEST_CASE("PNG: only the chunks that define the pixels reach the decoder", "[io][png][hostile]") {
    const cv::Mat picture = fx::synthetic_scene(48, 32, 9);
    const Bytes plain = fx::encode(picture, ".png");
    // 300 zTXt chunks that each inflate to 4 MB, a tEXt and an iCCP after IHDR.
    Bytes crafted(plain.begin(), plain.begin() + 33);
    const Bytes bomb = chunk("zTXt", std::string("k\0\0", 3) + deflated(std::string(4 << 20, 'z')));
    for (int i = 0; i < 300; ++i) crafted.insert(crafted.end(), bomb.begin(), bomb.end());
    const Bytes text = chunk("tEXt", std::string("Comment\0hello", 13));
    crafted.insert(crafted.end(), text.begin(), text.end());
    crafted.insert(crafted.end(), plain.begin() + 33, plain.end());

    const Bytes pixels = png_pixel_chunks(crafted.data(), crafted.size());
    CHECK(pixels == png_pixel_chunks(plain.data(), plain.size()));
    CHECK(pixels.size() < plain.size() + 1);

    const libdetect::Image decoded = libdetect::Image::from_bytes(crafted);
    CHECK(decoded.rgb() == libdetect::Image::from_bytes(plain).rgb());
    CHECK(decoded.sha256() != libdetect::Image::from_bytes(plain).sha256());  // the evidence is the whole file

    // A chunk claiming more bytes than there are ends the copy: the decoder
    // sees a truncated file, as it is.
    Bytes lying(plain.begin(), plain.begin() + 33);
    const Bytes huge = {0x40, 0x00, 0x00, 0x00, 'i', 'C', 'C', 'P', 0, 0, 0, 0};
    lying.insert(lying.end(), huge.begin(), huge.end());
    const Bytes cut = png_pixel_chunks(lying.data(), lying.size());
    CHECK(cut.size() == 33);
    CHECK_THROWS_AS(libdetect::Image::from_bytes(lying), libdetect::DecodeError);
}
