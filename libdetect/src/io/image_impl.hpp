// The hidden side of libdetect::Image: OpenCV pixels and container facts.
#pragma once

#include "io/container.hpp"

#include <libdetect/image.hpp>

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace libdetect {

class Image::Impl {
public:
    std::string name;
    std::vector<std::uint8_t> bytes;  // encoded input as read (empty for raw pixels)
    std::uint64_t byte_size = 0;
    std::string sha256;
    std::string md5;
    io::ContainerFacts facts;
    cv::Mat bgr;  // 8-bit, 3 channels, stored orientation (never rotated)
};

}  // namespace libdetect
