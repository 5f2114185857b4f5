// Re-saving a picture as JPEG and decoding it again, a strip of rows at a
// time, with exactly the pixels a whole-image re-save gives (ELA and JPEG
// ghosts compare a picture with its re-save). A 100-MP photo re-saved whole
// costs its encoded copy, its decoded copy and the float planes made from
// them (about 1 GB); in strips it costs a few tens of MB.
#pragma once

#include <opencv2/core.hpp>

#include <functional>

namespace libdetect::forensics {

// Rows per strip: a multiple of 16, the tallest JPEG block row (MCU).
constexpr int kResaveStripRows = 1024;

// `take(first_row, original, resaved)` for consecutive strips that cover
// `image` (8-bit gray or BGR) top to bottom: `original` is its rows from
// first_row, `resaved` the same rows after a JPEG re-save at `quality`
// (OpenCV's encoder and decoder). Strips start on multiples of `strip_rows`
// (a multiple of 16); the last one takes the remaining rows, and at least 16.
// Why the pixels are the whole re-save's: JPEG codes 8x8 blocks (16x16 with
// 4:2:0 chroma) independently, so a strip cut on that grid codes the same
// blocks; the decoder's chroma upsampling reads one chroma row beyond a
// block row, so colour strips are coded with 16 rows of context on each side
// and those rows are dropped. Throws libdetect::Error when the codec fails.
void resave_in_strips(const cv::Mat& image, int quality, int strip_rows,
                      const std::function<void(int first_row, const cv::Mat& original, const cv::Mat& resaved)>& take);

}  // namespace libdetect::forensics
