#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace libdetect::metadata {

struct ThumbnailComparison {
    int width = 0, height = 0;
    double difference = 0.0;  // mean absolute gray-level difference after matching size and framing
    bool matches = false;
};

// Compares the EXIF thumbnail a camera wrote with the picture as stored. The
// thumbnail may be letterboxed (a 4:3 thumbnail of a 3:2 photo): its bars
// are cropped away before the comparison. Empty when it does not decode.
std::optional<ThumbnailComparison> compare_thumbnail(const std::vector<std::uint8_t>& encoded, const cv::Mat& bgr);

}  // namespace libdetect::metadata
