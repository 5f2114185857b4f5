#include "metadata/user_comment.hpp"

#include "metadata/text_record.hpp"

#include <cstring>

namespace libdetect::metadata {
namespace {

std::uint16_t unit_at(const std::uint8_t* p, bool little_endian) {
    return little_endian ? std::uint16_t(p[0] | p[1] << 8) : std::uint16_t(p[0] << 8 | p[1]);
}

// How text-like a reading is: code units that are printable ASCII or
// common white space. The wrong byte order of ASCII-range text gives units
// like 0x4100, none of which count.
std::size_t plausible_units(const std::uint8_t* data, std::size_t units, bool little_endian) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < units; ++i) {
        const std::uint16_t u = unit_at(data + 2 * i, little_endian);
        if ((u >= 0x20 && u < 0x7F) || u == '\n' || u == '\r' || u == '\t') ++count;
    }
    return count;
}

// UTF-16 to UTF-8 by hand: std::wstring_convert is deprecated and iconv
// (what exiv2 uses) would add a dependency for twenty lines. Unpaired
// surrogates become U+FFFD.
std::string utf16_to_utf8(const std::uint8_t* data, std::size_t units, bool little_endian) {
    std::string out;
    out.reserve(units);
    for (std::size_t i = 0; i < units && out.size() < kMaxTextBytes; ++i) {
        std::uint32_t c = unit_at(data + 2 * i, little_endian);
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < units) {
            const std::uint16_t low = unit_at(data + 2 * (i + 1), little_endian);
            if (low >= 0xDC00 && low < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                ++i;
            } else {
                c = 0xFFFD;
            }
        } else if (c >= 0xD800 && c < 0xE000) {
            c = 0xFFFD;
        }
        if (c == 0) break;  // padding after the text
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | c >> 6);
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | c >> 12);
            out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | c >> 18);
            out += static_cast<char>(0x80 | (c >> 12 & 0x3F));
            out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

}  // namespace

std::string decode_user_comment(const std::uint8_t* data, std::size_t size, bool exif_little_endian) {
    constexpr std::size_t kPrefix = 8;
    if (size <= kPrefix) return {};
    const std::uint8_t* text = data + kPrefix;
    const std::size_t length = std::min(size - kPrefix, 2 * kMaxTextBytes);
    if (std::memcmp(data, "UNICODE\0", kPrefix) == 0) {
        std::size_t units = length / 2;
        // A byte-order mark settles it; otherwise the reading that looks like text.
        bool little = exif_little_endian;
        if (units > 0 && (unit_at(text, true) == 0xFEFF || unit_at(text, false) == 0xFEFF)) {
            little = unit_at(text, true) == 0xFEFF;
            text += 2;
            --units;
        } else {
            const std::size_t sample = std::min<std::size_t>(units, 4096);
            const std::size_t own = plausible_units(text, sample, exif_little_endian);
            const std::size_t other = plausible_units(text, sample, !exif_little_endian);
            if (other > own) little = !exif_little_endian;
        }
        return utf16_to_utf8(text, units, little);
    }
    std::string bytes(reinterpret_cast<const char*>(text), std::min(length, kMaxTextBytes));
    while (!bytes.empty() && (bytes.back() == '\0' || bytes.back() == ' ')) bytes.pop_back();
    return valid_utf8(bytes);
}

}  // namespace libdetect::metadata
