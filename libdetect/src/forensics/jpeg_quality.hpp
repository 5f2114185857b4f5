#pragma once

#include "io/container.hpp"

#include <optional>
#include <utility>
#include <vector>

namespace libdetect::forensics {

struct JpegQualityEstimate {
    int quality = 0;              // IJG quality 1..100 whose tables fit best
    bool standard_tables = false; // the tables are exactly IJG-scaled Annex K tables
    double mean_abs_deviation = 0.0;  // per coefficient, between the file's and the fitted tables
};

// Fits the IJG quality scaling (libjpeg's jpeg_quality_scaling, baseline
// clamping) to the file's tables: component 0 against the luminance table,
// the others against the chrominance table. Empty if the file has no tables.
std::optional<JpegQualityEstimate> estimate_jpeg_quality(const io::JpegFacts& jpeg);

// The IJG quality whose luminance table best fits some of its steps
// (natural index, step), e.g. those fitted to a first compression.
int luminance_quality_for_steps(const std::vector<std::pair<int, int>>& steps);

}  // namespace libdetect::forensics
