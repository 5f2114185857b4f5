// libFuzzer harness: the stealth pnginfo reader over pixels made from the
// input (first byte: width and channel count; the rest: the pixels, so the
// low bits, the signature, the length and the gzip data are all fuzzed).
#include "metadata/stealth_pnginfo.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const int channels = (data[0] & 1) ? 4 : 3;
    const int width = 1 + (data[0] >> 1);
    const std::size_t pixels = (size - 1) / std::size_t(channels);
    const int height = static_cast<int>(pixels / std::size_t(width));
    if (height == 0) return 0;
    std::vector<std::uint8_t> copy(data + 1, data + 1 + std::size_t(width) * std::size_t(height) * std::size_t(channels));
    const cv::Mat image(height, width, CV_8UC(channels), copy.data());
    const auto record = libdetect::metadata::read_stealth_pnginfo(image);
    return record && record->text.size() > (1u << 20) ? 1 : 0;
}
