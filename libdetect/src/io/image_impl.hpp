// The hidden side of libdetect::Image: OpenCV pixels and container facts.
#pragma once

#include "io/container.hpp"

#include <libdetect/image.hpp>

#include <opencv2/core.hpp>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

LIBDETECT_NAMESPACE_BEGIN

class Image::Impl {
public:
    std::string name;
    std::vector<std::uint8_t> bytes;  // encoded input as read (empty for raw pixels)
    std::uint64_t byte_size = 0;
    std::string sha256;
    std::string md5;
    io::ContainerFacts facts;
    cv::Mat bgr;  // 8-bit, 3 channels, stored orientation (never rotated)

    // The 8-bit luma (cv::COLOR_BGR2GRAY) that most analyzers start from:
    // computed on first use, by one thread, and kept with the image (one
    // byte a pixel) so that it is converted once per image, not once per
    // analyzer. Float versions stay the analyzers' own: four bytes a pixel
    // kept for a 100-MP image would cost 400 MB.
    const cv::Mat& gray() const;

private:
    mutable std::once_flag gray_once_;
    mutable cv::Mat gray_;
};

namespace detail {
struct ImageAccess {
    static const Image::Impl& impl(const Image& image) noexcept { return image.impl(); }
};

// The pixels and container facts of a public Image.
inline const Image::Impl& impl_of(const Image& image) noexcept { return ImageAccess::impl(image); }
}  // namespace detail

LIBDETECT_NAMESPACE_END
