// Hand-built containers for the metadata parsers' tests: PNG chunks with
// real CRCs, JPEG segments, RIFF chunks.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace libdetect::test {

using Bytes = std::vector<std::uint8_t>;

inline void put_u32be(Bytes& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}
inline void put_u32le(Bytes& b, std::uint32_t v) {
    for (int s = 0; s <= 24; s += 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}
inline void append(Bytes& b, const std::string& s) { b.insert(b.end(), s.begin(), s.end()); }

inline Bytes png_chunk(const std::string& type, const std::string& body, bool break_crc = false) {
    Bytes c;
    put_u32be(c, static_cast<std::uint32_t>(body.size()));
    append(c, type);
    append(c, body);
    uLong crc = crc32(0L, c.data() + 4, static_cast<uInt>(4 + body.size()));
    put_u32be(c, static_cast<std::uint32_t>(crc ^ (break_crc ? 1u : 0u)));
    return c;
}

// Signature, a 1x1 IHDR, the given chunks, IEND.
inline Bytes png_with(const std::vector<Bytes>& chunks) {
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    const Bytes ihdr = png_chunk("IHDR", std::string("\0\0\0\1\0\0\0\1\x08\x02\0\0\0", 13));
    png.insert(png.end(), ihdr.begin(), ihdr.end());
    for (const auto& c : chunks) png.insert(png.end(), c.begin(), c.end());
    const Bytes iend = png_chunk("IEND", "");
    png.insert(png.end(), iend.begin(), iend.end());
    return png;
}

inline std::string zlib_compress(const std::string& text) {
    uLongf size = compressBound(static_cast<uLong>(text.size()));
    std::string out(size, '\0');
    compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
             static_cast<uLong>(text.size()));
    out.resize(size);
    return out;
}

inline Bytes jpeg_segment(std::uint8_t marker, const std::string& body) {
    Bytes s = {0xFF, marker, static_cast<std::uint8_t>((body.size() + 2) >> 8),
               static_cast<std::uint8_t>((body.size() + 2) & 0xFF)};
    append(s, body);
    return s;
}

// SOI, the segments, then a fake scan and EOI (the parsers stop at SOS).
inline Bytes jpeg_with(const std::vector<Bytes>& segments) {
    Bytes jpeg = {0xFF, 0xD8};
    for (const auto& s : segments) jpeg.insert(jpeg.end(), s.begin(), s.end());
    const Bytes sos = jpeg_segment(0xDA, std::string(10, '\0'));
    jpeg.insert(jpeg.end(), sos.begin(), sos.end());
    jpeg.push_back(0xFF);
    jpeg.push_back(0xD9);
    return jpeg;
}

inline Bytes riff_chunk(const std::string& fourcc, const std::string& body) {
    Bytes c;
    append(c, fourcc);
    put_u32le(c, static_cast<std::uint32_t>(body.size()));
    append(c, body);
    if (body.size() & 1) c.push_back(0);
    return c;
}

inline Bytes webp_with(const std::vector<Bytes>& chunks) {
    Bytes body;
    append(body, "WEBP");
    for (const auto& c : chunks) body.insert(body.end(), c.begin(), c.end());
    Bytes webp;
    append(webp, "RIFF");
    put_u32le(webp, static_cast<std::uint32_t>(body.size()));
    webp.insert(webp.end(), body.begin(), body.end());
    return webp;
}

}  // namespace libdetect::test
