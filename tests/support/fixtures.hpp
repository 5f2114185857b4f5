// Test images made in code, with exact ground truth. Deterministic: the same
// seed gives the same pixels and (with the same libjpeg) the same bytes.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace libdetect::fixtures {

// A photo-like BGR scene: smooth colour field, discs of flat colour, sensor-
// like Gaussian noise and a slight optical blur.
cv::Mat synthetic_scene(int width, int height, std::uint64_t seed);

// synthetic_scene plus lines and printed text: the corners and strokes that
// give real photos their keypoints (for tests of feature-based analyzers).
cv::Mat structured_scene(int width, int height, std::uint64_t seed);

std::vector<std::uint8_t> encode(const cv::Mat& image, const std::string& extension,
                                 int jpeg_quality = 90);
cv::Mat decode(const std::vector<std::uint8_t>& bytes);
// JPEG encode then decode: the pixels after one compression at `quality`.
cv::Mat jpeg_roundtrip(const cv::Mat& image, int quality);

struct Splice {
    std::vector<std::uint8_t> jpeg;  // the final file
    cv::Rect region;                 // exactly the pasted pixels
};

// A scene saved at `background_quality`, with `region` replaced by the same
// region of another scene saved at `donor_quality`, the whole saved again at
// `final_quality`: the classic splice of two JPEGs.
Splice make_jpeg_splice(int width, int height, std::uint64_t seed, int background_quality,
                        int donor_quality, int final_quality, cv::Rect region);

// An untouched photo: one scene, compressed once.
std::vector<std::uint8_t> make_single_jpeg(int width, int height, std::uint64_t seed, int quality);

// A small valid PNG whose IHDR claims width x height (CRC fixed up): the
// decoder must refuse it from the header, before allocating the pixels.
std::vector<std::uint8_t> png_claiming_size(std::uint32_t width, std::uint32_t height);

// A JPEG with an EXIF APP1 segment holding only the orientation tag.
std::vector<std::uint8_t> jpeg_with_orientation(const cv::Mat& image, int orientation);

// Bytes read from / written to a file (test helpers).
std::vector<std::uint8_t> read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes);

}  // namespace libdetect::fixtures
