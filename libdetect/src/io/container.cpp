#include "io/container.hpp"

#include "io/byte_reader.hpp"
#include "io/jpeg_header.hpp"
#include "io/tiff_ifd.hpp"

#include <libdetect/error.hpp>

#include <webp/decode.h>

#include <cstdlib>

namespace libdetect::io {

const char* const kAlphaDropped =
    "alpha channel dropped: the stored colour of every pixel is analysed, not composited over a background";

namespace {

// The conversions' wording, one place for every format.
constexpr const char* kSixteenBit = "16-bit samples reduced to 8 bits (the high byte kept)";
constexpr const char* kCmyk = "CMYK converted to RGB by the decoder";

// Dimensions straight from the fixed header fields. OpenCV 4.6 has no public
// header-only reader, and decoding first would allocate before the pixel
// limit could be checked.

ContainerFacts read_png(const ByteReader& r) {
    ContainerFacts facts;
    facts.format = "png";
    if (!r.matches(12, "IHDR", 4)) throw DecodeError("malformed PNG: first chunk is not IHDR");
    facts.width = static_cast<int>(std::min<std::uint32_t>(*r.u32(16, true), 0x7fffffff));
    facts.height = static_cast<int>(std::min<std::uint32_t>(*r.u32(20, true), 0x7fffffff));
    if (r.has(24, 2)) {  // IHDR bit depth, colour type (4: grey + alpha, 6: RGBA)
        if (r.ptr(24)[0] == 16) facts.conversions.push_back(kSixteenBit);
        if (r.ptr(25)[0] == 4 || r.ptr(25)[0] == 6) facts.conversions.push_back(kAlphaDropped);
    }
    // Walk chunks up to the image data looking for an eXIf chunk.
    std::size_t at = 8;
    while (r.has(at, 8)) {
        const auto length = *r.u32(at, true);
        if (r.matches(at + 4, "IDAT", 4) || r.matches(at + 4, "IEND", 4)) break;
        if (r.matches(at + 4, "eXIf", 4) && r.has(at + 8, length)) {
            facts.exif_orientation = exif_orientation_from_tiff(r.ptr(at + 8), length);
            break;
        }
        at += 12 + std::size_t(length);
    }
    return facts;
}

ContainerFacts read_webp(const std::uint8_t* data, std::size_t size, const ByteReader& r) {
    ContainerFacts facts;
    facts.format = "webp";
    int width = 0, height = 0;
    if (!WebPGetInfo(data, size, &width, &height))
        throw DecodeError("malformed WebP header");
    facts.width = width;
    facts.height = height;
    WebPBitstreamFeatures features;
    if (WebPGetFeatures(data, size, &features) == VP8_STATUS_OK) {
        if (features.has_alpha) facts.conversions.push_back(kAlphaDropped);
        if (features.has_animation) facts.conversions.push_back("animated: the first frame only");
    }
    std::size_t at = 12;  // RIFF chunks after "RIFF" size "WEBP"
    while (r.has(at, 8)) {
        const auto length = *r.u32(at + 4, false);
        if (r.matches(at, "EXIF", 4) && r.has(at + 8, length)) {
            // Some writers keep the JPEG-style "Exif\0\0" prefix inside the chunk.
            const std::size_t skip = length >= 6 && r.matches(at + 8, "Exif\0\0", 6) ? 6 : 0;
            facts.exif_orientation = exif_orientation_from_tiff(r.ptr(at + 8 + skip), length - skip);
            break;
        }
        at += 8 + std::size_t(length) + (length & 1);
    }
    return facts;
}

ContainerFacts read_tiff(const std::uint8_t* data, std::size_t size) {
    ContainerFacts facts;
    facts.format = "tiff";
    const auto width = tiff_ifd0_integer(data, size, tiff_tag::kImageWidth);
    const auto height = tiff_ifd0_integer(data, size, tiff_tag::kImageLength);
    if (!width || !height) throw DecodeError("malformed TIFF: no image dimensions in IFD0");
    facts.width = static_cast<int>(std::min<std::uint32_t>(*width, 0x7fffffff));
    facts.height = static_cast<int>(std::min<std::uint32_t>(*height, 0x7fffffff));
    facts.exif_orientation = exif_orientation_from_tiff(data, size);
    // BitsPerSample is read only when it is one value (grey); RGB's three
    // values sit behind an offset, and 16-bit RGB TIFFs go unnamed here.
    if (const auto bits = tiff_ifd0_integer(data, size, tiff_tag::kBitsPerSample); bits && *bits == 16)
        facts.conversions.push_back(kSixteenBit);
    const auto photometric = tiff_ifd0_integer(data, size, tiff_tag::kPhotometric);
    const auto samples = tiff_ifd0_integer(data, size, tiff_tag::kSamplesPerPixel);
    if (photometric && *photometric == 5) facts.conversions.push_back(kCmyk);
    else if (samples && (*samples == 2 || *samples == 4)) facts.conversions.push_back(kAlphaDropped);
    return facts;
}

ContainerFacts read_bmp(const ByteReader& r) {
    ContainerFacts facts;
    facts.format = "bmp";
    const auto header_size = r.u32(14, false);
    if (!header_size) throw DecodeError("truncated BMP header");
    if (*header_size == 12) {  // OS/2 BITMAPCOREHEADER: 16-bit fields
        const auto w = r.u16(18, false), h = r.u16(20, false);
        if (!w || !h) throw DecodeError("truncated BMP header");
        facts.width = static_cast<int>(*w);
        facts.height = static_cast<int>(*h);
    } else {
        const auto w = r.u32(18, false), h = r.u32(22, false);
        if (!w || !h) throw DecodeError("truncated BMP header");
        // Negative height means top-down rows; widen first so INT32_MIN has a magnitude.
        const std::int64_t width = std::llabs(std::int64_t{static_cast<std::int32_t>(*w)});
        const std::int64_t height = std::llabs(std::int64_t{static_cast<std::int32_t>(*h)});
        if (width > 0x7fffffff || height > 0x7fffffff) throw DecodeError("malformed BMP dimensions");
        facts.width = static_cast<int>(width);
        facts.height = static_cast<int>(height);
    }
    return facts;
}

}  // namespace

std::string sniff_format(const std::uint8_t* data, std::size_t size) {
    const ByteReader r(data, size);
    if (r.has(0, 3) && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return "jpeg";
    if (r.matches(0, "\x89PNG\r\n\x1a\n", 8)) return "png";
    if (r.matches(0, "RIFF", 4) && r.matches(8, "WEBP", 4)) return "webp";
    if (r.matches(0, "II*\0", 4) || r.matches(0, "MM\0*", 4)) return "tiff";
    if (r.matches(0, "BM", 2) && size >= 26) return "bmp";
    return "";
}

ContainerFacts read_container(const std::uint8_t* data, std::size_t size) {
    const std::string format = sniff_format(data, size);
    const ByteReader r(data, size);
    ContainerFacts facts;
    if (format == "jpeg") {
        facts = read_jpeg_container(data, size);
        if (facts.jpeg && facts.jpeg->components == 4) facts.conversions.push_back(kCmyk);
    }
    else if (format == "png" && r.has(0, 24)) facts = read_png(r);
    else if (format == "png") throw DecodeError("truncated PNG header");
    else if (format == "webp") facts = read_webp(data, size, r);
    else if (format == "tiff") facts = read_tiff(data, size);
    else if (format == "bmp") facts = read_bmp(r);
    else throw DecodeError("not a supported image format (JPEG, PNG, WebP, TIFF or BMP)");
    if (facts.width <= 0 || facts.height <= 0)
        throw DecodeError("image header gives no pixels (" + std::to_string(facts.width) + "x" +
                          std::to_string(facts.height) + ")");
    return facts;
}

}  // namespace libdetect::io
