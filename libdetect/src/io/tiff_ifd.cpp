#include "io/tiff_ifd.hpp"

#include "io/byte_reader.hpp"

namespace libdetect::io {

std::optional<std::uint32_t> tiff_ifd0_integer(const std::uint8_t* data, std::size_t size,
                                               std::uint16_t tag) {
    ByteReader r(data, size);
    bool big_endian;
    if (r.matches(0, "MM\0*", 4)) big_endian = true;
    else if (r.matches(0, "II*\0", 4)) big_endian = false;
    else return std::nullopt;

    const auto ifd = r.u32(4, big_endian);
    if (!ifd) return std::nullopt;
    const auto count = r.u16(*ifd, big_endian);
    if (!count) return std::nullopt;
    for (std::uint32_t i = 0; i < *count; ++i) {
        const std::size_t entry = std::size_t(*ifd) + 2 + std::size_t(i) * 12;
        const auto entry_tag = r.u16(entry, big_endian);
        const auto type = r.u16(entry + 2, big_endian);
        const auto n = r.u32(entry + 4, big_endian);
        if (!entry_tag || !type || !n) return std::nullopt;
        if (*entry_tag != tag) continue;
        if (*n != 1) return std::nullopt;
        if (*type == 3) return r.u16(entry + 8, big_endian);  // SHORT
        if (*type == 4) return r.u32(entry + 8, big_endian);  // LONG
        return std::nullopt;
    }
    return std::nullopt;
}

int exif_orientation_from_tiff(const std::uint8_t* data, std::size_t size) {
    const auto value = tiff_ifd0_integer(data, size, tiff_tag::kOrientation);
    return (value && *value >= 1 && *value <= 8) ? static_cast<int>(*value) : 1;
}

}  // namespace libdetect::io
