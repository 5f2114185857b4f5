#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace libdetect::io {

// Some quantized DCT coefficients of a JPEG's luminance, as stored in the
// file (read with libjpeg's jpeg_read_coefficients, no decoding to pixels):
// only the frequencies asked for, since all 64 of a 100-MP photo take 200 MB.
struct LumaCoefficients {
    int block_columns = 0, block_rows = 0;   // blocks covering the image
    std::array<int, 64> quant_steps{};       // natural (row-major) order
    std::vector<int> frequencies;            // natural indices of the coefficients kept
    std::vector<std::int16_t> values;        // block-major, frequencies.size() per block
    // Block `block` (row-major), the f-th kept frequency.
    int value(std::size_t block, std::size_t f) const { return values[block * frequencies.size() + f]; }
};

// Empty with the reason filled when the file is JPEG but not YCbCr or
// grayscale (CMYK, YCCK). Throws DecodeError on a malformed file.
std::optional<LumaCoefficients> read_luma_coefficients(const std::uint8_t* data, std::size_t size,
                                                       const std::vector<int>& frequencies, std::string& reason);

}  // namespace libdetect::io
