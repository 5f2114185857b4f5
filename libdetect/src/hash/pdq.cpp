#include "hash/pdq.hpp"

#include <libdetect/error.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

// Every step below reproduces the reference's float operations in the same
// order (running box sums, DCT accumulation order, truncating conversions):
// OpenCV's resize/boxFilter/dct compute the same quantities with other
// rounding and border rules, which flips hash bits. That is why this file
// hand-writes them.

namespace libdetect::hash {
namespace {

constexpr int kMinHashableDimension = 5;   // smaller images hash to zero, quality 0
constexpr int kPrescaleLimit = 512;        // the reference CLI resizes larger images to 512x512
constexpr int kJaroszPasses = 2;

constexpr float kLumaR = 0.299f;
constexpr float kLumaG = 0.587f;
constexpr float kLumaB = 0.114f;

using Matrix64 = std::array<std::array<float, 64>, 64>;
using Matrix16 = std::array<std::array<float, 16>, 16>;

const std::array<float, 16 * 64>& dct_matrix() {
    static const std::array<float, 16 * 64> matrix = [] {
        constexpr double kPi = 3.14159265358979323846;
        const float scale = static_cast<float>(std::sqrt(2.0 / 64.0));
        std::array<float, 16 * 64> m{};
        for (std::size_t i = 0; i < 16; ++i)
            for (std::size_t j = 0; j < 64; ++j)
                m[i * 64 + j] = static_cast<float>(
                    scale * std::cos((kPi / 2.0 / 64.0) * double(i + 1) * double(2 * j + 1)));
        return m;
    }();
    return matrix;
}

// Luminance of the pixels the reference would hash: images larger than 512 on
// either side are first resized to exactly 512x512 by nearest neighbour with
// CImg's index rule (source = floor(x * width / 512)).
std::vector<float> luminance(const cv::Mat& pixels, int& rows, int& cols) {
    const bool prescale = pixels.rows > kPrescaleLimit || pixels.cols > kPrescaleLimit;
    rows = prescale ? kPrescaleLimit : pixels.rows;
    cols = prescale ? kPrescaleLimit : pixels.cols;
    std::vector<int> source_x(cols), source_y(rows);
    for (int x = 0; x < cols; ++x)
        source_x[x] = prescale ? static_cast<int>(double(x) * pixels.cols / kPrescaleLimit) : x;
    for (int y = 0; y < rows; ++y)
        source_y[y] = prescale ? static_cast<int>(double(y) * pixels.rows / kPrescaleLimit) : y;

    std::vector<float> luma(static_cast<std::size_t>(rows) * cols);
    for (int y = 0; y < rows; ++y) {
        const std::uint8_t* row = pixels.ptr<std::uint8_t>(source_y[y]);
        float* out = &luma[static_cast<std::size_t>(y) * cols];
        if (pixels.channels() == 1) {
            for (int x = 0; x < cols; ++x) out[x] = static_cast<float>(row[source_x[x]]);
        } else {
            const int step = pixels.channels();
            for (int x = 0; x < cols; ++x) {
                const std::uint8_t* p = row + source_x[x] * step;  // B, G, R
                out[x] = kLumaR * p[2] + kLumaG * p[1] + kLumaB * p[0];
            }
        }
    }
    return luma;
}

int jarosz_window(int old_dimension, int new_dimension) {
    return (old_dimension + 2 * new_dimension - 1) / (2 * new_dimension);
}

// One-dimensional box filter whose window shrinks at the ends (running sum).
void box_1d(const float* in, float* out, int length, int stride, int window) {
    const int half = (window + 2) / 2;
    const int phase1 = half - 1;
    const int phase2 = window - half + 1;
    const int phase3 = length - window;
    const int phase4 = half - 1;
    int li = 0, ri = 0, oi = 0;
    float sum = 0.0f;
    int current = 0;
    for (int i = 0; i < phase1; ++i) {
        sum += in[ri];
        ++current;
        ri += stride;
    }
    for (int i = 0; i < phase2; ++i) {
        sum += in[ri];
        ++current;
        out[oi] = sum / current;
        ri += stride;
        oi += stride;
    }
    for (int i = 0; i < phase3; ++i) {
        sum += in[ri];
        sum -= in[li];
        out[oi] = sum / current;
        li += stride;
        ri += stride;
        oi += stride;
    }
    for (int i = 0; i < phase4; ++i) {
        sum -= in[li];
        --current;
        out[oi] = sum / current;
        li += stride;
        oi += stride;
    }
}

// The same filter down every column at once: each column sees exactly the
// float operations box_1d would perform on it, but rows are read in memory
// order (the strided per-column walk dominated PDQ's run time).
void box_along_columns(const float* in, float* out, int rows, int cols, int window) {
    const int half = (window + 2) / 2;
    const int phase1 = half - 1;
    const int phase2 = window - half + 1;
    const int phase3 = rows - window;
    const int phase4 = half - 1;
    std::vector<float> sum(static_cast<std::size_t>(cols), 0.0f);
    const auto row = [cols](auto* base, int r) { return base + static_cast<std::size_t>(r) * cols; };
    int li = 0, ri = 0, oi = 0;
    int current = 0;
    for (int i = 0; i < phase1; ++i, ++ri) {
        const float* add = row(in, ri);
        for (int j = 0; j < cols; ++j) sum[j] += add[j];
        ++current;
    }
    for (int i = 0; i < phase2; ++i, ++ri, ++oi) {
        const float* add = row(in, ri);
        float* o = row(out, oi);
        ++current;
        for (int j = 0; j < cols; ++j) {
            sum[j] += add[j];
            o[j] = sum[j] / current;
        }
    }
    for (int i = 0; i < phase3; ++i, ++li, ++ri, ++oi) {
        const float* add = row(in, ri);
        const float* sub = row(in, li);
        float* o = row(out, oi);
        for (int j = 0; j < cols; ++j) {
            sum[j] += add[j];
            sum[j] -= sub[j];
            o[j] = sum[j] / current;
        }
    }
    for (int i = 0; i < phase4; ++i, ++li, ++oi) {
        const float* sub = row(in, li);
        float* o = row(out, oi);
        --current;
        for (int j = 0; j < cols; ++j) {
            sum[j] -= sub[j];
            o[j] = sum[j] / current;
        }
    }
}

void jarosz_filter(std::vector<float>& buffer, int rows, int cols) {
    const int window_along_rows = jarosz_window(cols, 64);
    const int window_along_cols = jarosz_window(rows, 64);
    std::vector<float> scratch(buffer.size());
    for (int pass = 0; pass < kJaroszPasses; ++pass) {
        for (int i = 0; i < rows; ++i)
            box_1d(&buffer[std::size_t(i) * cols], &scratch[std::size_t(i) * cols], cols, 1,
                   window_along_rows);
        box_along_columns(scratch.data(), buffer.data(), rows, cols, window_along_cols);
    }
}

void decimate(const std::vector<float>& in, int rows, int cols, Matrix64& out) {
    for (int i = 0; i < 64; ++i) {
        const int source_i = static_cast<int>(((i + 0.5) * rows) / 64);
        for (int j = 0; j < 64; ++j) {
            const int source_j = static_cast<int>(((j + 0.5) * cols) / 64);
            out[i][j] = in[static_cast<std::size_t>(source_i) * cols + source_j];
        }
    }
}

// Counts significant gradients of the 64x64 image: 0 (flat) to 100.
int quality_metric(const Matrix64& a) {
    int gradient_sum = 0;
    for (int i = 0; i < 63; ++i)
        for (int j = 0; j < 64; ++j) {
            const int d = static_cast<int>(((a[i][j] - a[i + 1][j]) * 100) / 255);
            gradient_sum += std::abs(d);
        }
    for (int i = 0; i < 64; ++i)
        for (int j = 0; j < 63; ++j) {
            const int d = static_cast<int>(((a[i][j] - a[i][j + 1]) * 100) / 255);
            gradient_sum += std::abs(d);
        }
    return std::min(gradient_sum / 90, 100);
}

// B = D A D^T for the 16 lowest non-DC frequencies, accumulated in order.
Matrix16 dct_64_to_16(const Matrix64& a) {
    const auto& d = dct_matrix();
    std::array<std::array<float, 64>, 16> t{};
    for (int i = 0; i < 16; ++i)
        for (int j = 0; j < 64; ++j) {
            float sum = 0.0f;
            for (int k = 0; k < 64; ++k) sum += d[i * 64 + k] * a[k][j];
            t[i][j] = sum;
        }
    Matrix16 b{};
    for (int i = 0; i < 16; ++i)
        for (int j = 0; j < 16; ++j) {
            float sum = 0.0f;
            for (int k = 0; k < 64; ++k) sum += t[i][k] * d[j * 64 + k];
            b[i][j] = sum;
        }
    return b;
}

PdqHash bits_from(const Matrix16& dct, int quality) {
    std::array<float, 256> values{};
    for (int i = 0; i < 16; ++i)
        for (int j = 0; j < 16; ++j) values[i * 16 + j] = dct[i][j];
    // The reference's Torben median of 256 values is the 128th smallest.
    std::nth_element(values.begin(), values.begin() + 127, values.end());
    const float median = values[127];
    PdqHash hash;
    hash.quality = quality;
    for (int i = 0; i < 16; ++i)
        for (int j = 0; j < 16; ++j)
            if (dct[i][j] > median) hash.set_bit(i * 16 + j);
    return hash;
}

// Dihedral transforms act on the DCT coefficients as sign flips and a
// transpose: coefficient (i, j) of basis (i+1, j+1) changes sign under a flip
// of its axis when i (resp. j) is even.
enum class Transform { Original, Rotate90, Rotate180, Rotate270, FlipX, FlipY, FlipPlus1, FlipMinus1 };

Matrix16 transform(const Matrix16& a, Transform t) {
    Matrix16 b{};
    for (int i = 0; i < 16; ++i)
        for (int j = 0; j < 16; ++j) {
            const float v = a[i][j];
            const bool i_odd = i & 1, j_odd = j & 1, sum_odd = (i + j) & 1;
            switch (t) {
                case Transform::Original: b[i][j] = v; break;
                case Transform::Rotate90: b[j][i] = j_odd ? v : -v; break;
                case Transform::Rotate180: b[i][j] = sum_odd ? -v : v; break;
                case Transform::Rotate270: b[j][i] = i_odd ? v : -v; break;
                case Transform::FlipX: b[i][j] = i_odd ? v : -v; break;
                case Transform::FlipY: b[i][j] = j_odd ? v : -v; break;
                case Transform::FlipPlus1: b[j][i] = v; break;
                case Transform::FlipMinus1: b[j][i] = sum_odd ? -v : v; break;
            }
        }
    return b;
}

// The 16x16 DCT and quality, or nothing for images too small to hash. Like
// the reference, the single hash takes a 64x64 image as already downsampled,
// while the dihedral path always filters.
std::optional<std::pair<Matrix16, int>> pdq_dct(const cv::Mat& pixels, bool shortcut_64) {
    if (pixels.depth() != CV_8U || (pixels.channels() != 1 && pixels.channels() < 3))
        throw InvalidArgument("PDQ needs 8-bit gray or colour pixels");
    if (pixels.rows < kMinHashableDimension || pixels.cols < kMinHashableDimension)
        return std::nullopt;
    int rows = 0, cols = 0;
    std::vector<float> luma = luminance(pixels, rows, cols);
    Matrix64 small{};
    if (shortcut_64 && rows == 64 && cols == 64) {
        for (int i = 0; i < 64; ++i)
            for (int j = 0; j < 64; ++j) small[i][j] = luma[std::size_t(i) * 64 + j];
    } else {
        jarosz_filter(luma, rows, cols);
        decimate(luma, rows, cols, small);
    }
    const int quality = quality_metric(small);
    return std::make_pair(dct_64_to_16(small), quality);
}

}  // namespace

PdqHash pdq_hash(const cv::Mat& pixels) {
    const auto dct = pdq_dct(pixels, true);
    return dct ? bits_from(dct->first, dct->second) : PdqHash{};
}

PdqDihedral pdq_dihedral_hashes(const cv::Mat& pixels) {
    PdqDihedral result;
    const auto dct = pdq_dct(pixels, false);
    if (!dct) return result;
    result.quality = dct->second;
    for (int t = 0; t < 8; ++t)
        result.hashes[t] = bits_from(transform(dct->first, static_cast<Transform>(t)), dct->second);
    return result;
}

}  // namespace libdetect::hash
