#include "io/png_pixels.hpp"

#include <algorithm>
#include <cstring>

namespace libdetect::io {

std::vector<std::uint8_t> png_pixel_chunks(const std::uint8_t* data, std::size_t size) {
    constexpr std::size_t kSignature = 8;
    std::vector<std::uint8_t> out(data, data + std::min(size, kSignature));
    std::size_t at = kSignature;
    while (at + 12 <= size) {
        const std::size_t length = std::size_t(data[at]) << 24 | std::size_t(data[at + 1]) << 16 |
                                   std::size_t(data[at + 2]) << 8 | std::size_t(data[at + 3]);
        if (length > size - at - 12) break;  // runs past the end: stop here
        const std::uint8_t* type = data + at + 4;
        const bool critical = (type[0] & 0x20) == 0;  // upper-case first letter
        if (critical || std::memcmp(type, "tRNS", 4) == 0) out.insert(out.end(), data + at, data + at + 12 + length);
        at += 12 + length;
        if (std::memcmp(type, "IEND", 4) == 0) break;
    }
    return out;
}

}  // namespace libdetect::io
