// PDQ perceptual hash (Meta, 2017), computed exactly as the C++ reference
// (facebook/ThreatExchange pdq/cpp: pdqhashing.cpp, downscaling.cpp,
// pdqio.cpp) so that hashes are bit-identical given the same decoded pixels.
#pragma once

#include <libdetect/hashes.hpp>

#include <opencv2/core.hpp>

#include <array>

namespace libdetect::hash {

// The eight dihedral variants, in the reference's --pdqdih-across order:
// original, rotate 90, rotate 180, rotate 270, flip x, flip y, flip plus-1
// (transpose), flip minus-1 (transverse).
struct PdqDihedral {
    std::array<PdqHash, 8> hashes;
    int quality = 0;
};

// From 8-bit BGR (or single-channel gray) pixels in stored orientation.
PdqHash pdq_hash(const cv::Mat& pixels);
PdqDihedral pdq_dihedral_hashes(const cv::Mat& pixels);

}  // namespace libdetect::hash
