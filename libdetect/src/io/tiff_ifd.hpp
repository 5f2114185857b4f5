// Reads single integer tags from the first IFD of a TIFF structure. The same
// structure carries a TIFF file's header and an EXIF block (JPEG APP1, PNG
// eXIf, WebP EXIF), so one reader serves dimensions and orientation.
// Hand-written because OpenCV exposes neither, and the full metadata reader
// (exiv2) belongs to the metadata analyzer, not to the decoder's pre-checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace libdetect::io {

namespace tiff_tag {
constexpr std::uint16_t kImageWidth = 256;
constexpr std::uint16_t kImageLength = 257;
constexpr std::uint16_t kBitsPerSample = 258;
constexpr std::uint16_t kPhotometric = 262;
constexpr std::uint16_t kOrientation = 274;
constexpr std::uint16_t kSamplesPerPixel = 277;
}  // namespace tiff_tag

// Value of an integer tag (SHORT or LONG, count 1) in IFD0, if present.
std::optional<std::uint32_t> tiff_ifd0_integer(const std::uint8_t* data, std::size_t size,
                                               std::uint16_t tag);

// Orientation from an EXIF payload starting at the TIFF header; 1 if absent
// or outside 1..8.
int exif_orientation_from_tiff(const std::uint8_t* data, std::size_t size);

}  // namespace libdetect::io
