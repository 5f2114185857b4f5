// The forgery benchmark generator: local manipulations of a real photo with
// their exact masks. Used by unit tests (on scenes made in code) and by
// benchmarks/forgery (on folders of real photos).
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace libdetect::fixtures {

enum class Manipulation { Splice, CopyMove, Inpaint, Blur, Resample };

const char* manipulation_name(Manipulation kind);
std::vector<Manipulation> all_manipulations();

struct Forgery {
    Manipulation kind = Manipulation::Splice;
    cv::Mat image;        // manipulated pixels (BGR, before the final save)
    cv::Mat mask;         // CV_8U, 255 = pixels that were changed
    cv::Mat source_mask;  // copy-move only: where the copied pixels came from
};

// Applies one manipulation to `photo` over a random region of 3-12 % of the
// area (one ellipse or rectangle). `donor` supplies splice content and is
// saved at its own JPEG quality (60-95) first, so the pasted region carries a
// different compression history. Copy-moves rotate by up to +-30 degrees and
// scale by 0.8-1.25; the copy never overlaps its source.
Forgery make_forgery(const cv::Mat& photo, const cv::Mat& donor, Manipulation kind, cv::RNG& rng);

// A copy-move with chosen parameters: the ellipse `source` (centre, axes) is
// rotated by `angle` degrees and scaled about its centre, then moved to `to`.
Forgery make_copy_move(const cv::Mat& photo, cv::Point from, cv::Size axes, cv::Point to, double angle,
                       double scale);

}  // namespace libdetect::fixtures
