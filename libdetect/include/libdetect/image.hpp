#pragma once

#include <libdetect/export.hpp>
#include <libdetect/options.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

LIBDETECT_NAMESPACE_BEGIN

namespace detail {
struct ImageAccess;
}

// How the pixels of an Image were supplied.
enum class PixelOrder { RGB, BGR };

// A decoded input image plus the facts of its container. Images are immutable
// and cheap to copy (shared implementation); a moved-from Image may only be
// destroyed or assigned to. The input file is read exactly
// once, hashed (SHA-256) and never written.
class LIBDETECT_API Image {
public:
    // Reads and decodes a file. Throws IoError, LimitError or DecodeError.
    static Image from_file(const std::string& path, const Limits& limits = {});

    // Decodes an encoded image (JPEG, PNG, WebP, TIFF, BMP) held in memory.
    // `name` is only used in reports. Throws LimitError or DecodeError.
    static Image from_bytes(std::vector<std::uint8_t> bytes, const std::string& name = "",
                            const Limits& limits = {});

    // Wraps raw 8-bit pixels (rows of width*channels bytes, stride in bytes,
    // channels 1, 3 or 4). The pixels are copied. Container facts are empty
    // and the SHA-256 is that of the tightly packed pixel buffer.
    static Image from_pixels(const std::uint8_t* data, int width, int height, int channels,
                             std::size_t stride_bytes = 0, PixelOrder order = PixelOrder::RGB,
                             const std::string& name = "", const Limits& limits = {});

    int width() const noexcept;
    int height() const noexcept;
    const std::string& name() const noexcept;    // path, or the name given
    const std::string& format() const noexcept;  // "jpeg", "png", "webp", "tiff", "bmp", "raw"
    const std::string& sha256() const noexcept;  // hex digest of the bytes (see from_pixels)
    std::uint64_t byte_size() const noexcept;    // size of the encoded input
    // EXIF orientation tag (1..8), 1 when absent. Pixels are never rotated.
    int exif_orientation() const noexcept;

    // Pixels as tightly packed 8-bit RGB, width*height*3 bytes.
    std::vector<std::uint8_t> rgb() const;

    class Impl;

private:
    // The library's own way to the pixels (detail::impl_of, in its sources):
    // OpenCV types never reach this header.
    friend struct detail::ImageAccess;
    const Impl& impl() const noexcept { return *impl_; }
    explicit Image(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> impl_;
};

LIBDETECT_NAMESPACE_END
