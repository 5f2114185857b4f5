// Small numeric helpers shared by the analyzers (one copy each).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace libdetect {

// The value of rank floor(q * (n - 1)) (no interpolation: a value that
// occurs); 0 for no values. Takes the values by copy to reorder them.
inline double quantile(std::vector<float> values, double q) {
    if (values.empty()) return 0.0;
    const auto k = static_cast<std::size_t>(std::clamp(q, 0.0, 1.0) * double(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

// The value of rank n / 2 (the upper median of an even count); 0 for no
// values. Reorders `values`.
inline double median_in_place(std::vector<float>& values) {
    if (values.empty()) return 0.0;
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

inline double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

}  // namespace libdetect
