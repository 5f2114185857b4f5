#include "forensics/jpeg_quality.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace libdetect::forensics {
namespace {

// ITU-T T.81 Annex K tables, natural (row-major) order.
constexpr std::array<int, 64> kLuminance = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
constexpr std::array<int, 64> kChrominance = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

int scaled(int base, int quality) {
    const int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
    return std::clamp((base * scale + 50) / 100, 1, 255);
}

}  // namespace

std::optional<JpegQualityEstimate> estimate_jpeg_quality(const io::JpegFacts& jpeg) {
    // (table index, reference) pairs actually in use, each table once.
    std::vector<std::pair<int, const std::array<int, 64>*>> used;
    for (std::size_t c = 0; c < jpeg.component_table.size(); ++c) {
        const int table = jpeg.component_table[c];
        if (table < 0) continue;
        const bool seen = std::any_of(used.begin(), used.end(),
                                      [&](const auto& u) { return u.first == table; });
        if (!seen) used.emplace_back(table, c == 0 ? &kLuminance : &kChrominance);
    }
    if (used.empty()) return std::nullopt;

    JpegQualityEstimate best;
    double best_deviation = std::numeric_limits<double>::max();
    for (int quality = 100; quality >= 1; --quality) {  // ties go to the higher quality
        double deviation = 0.0;
        for (const auto& [table, reference] : used)
            for (int i = 0; i < 64; ++i)
                deviation += std::abs(int(jpeg.quant_tables[table].values[i]) -
                                      scaled((*reference)[i], quality));
        if (deviation < best_deviation) {
            best_deviation = deviation;
            best.quality = quality;
        }
    }
    best.mean_abs_deviation = best_deviation / (64.0 * used.size());
    best.standard_tables = best_deviation == 0.0;
    return best;
}

int luminance_quality_for_steps(const std::vector<std::pair<int, int>>& steps) {
    int best_quality = 0;
    double best_deviation = std::numeric_limits<double>::max();
    for (int quality = 100; quality >= 1; --quality) {  // ties go to the higher quality
        double deviation = 0.0;
        for (const auto& [index, step] : steps) deviation += std::abs(step - scaled(kLuminance[index], quality));
        if (deviation < best_deviation) best_deviation = deviation, best_quality = quality;
    }
    return best_quality;
}

}  // namespace libdetect::forensics
