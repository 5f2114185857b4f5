#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace libdetect::io {

// The quantized DCT coefficients of a JPEG's luminance, as stored in the
// file (read with libjpeg's jpeg_read_coefficients, no decoding to pixels).
struct LumaCoefficients {
    int block_columns = 0, block_rows = 0;   // blocks covering the image
    std::array<int, 64> quant_steps{};       // natural (row-major) order
    std::vector<std::int16_t> values;        // block-major, 64 per block, natural order
    const std::int16_t* block(int bx, int by) const {
        return values.data() + (static_cast<std::size_t>(by) * block_columns + bx) * 64;
    }
};

// Empty with the reason filled when the file is JPEG but not YCbCr or
// grayscale (CMYK, YCCK). Throws DecodeError on a malformed file.
std::optional<LumaCoefficients> read_luma_coefficients(const std::uint8_t* data, std::size_t size,
                                                       std::string& reason);

}  // namespace libdetect::io
