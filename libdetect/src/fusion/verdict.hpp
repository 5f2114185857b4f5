#pragma once

#include <libdetect/report.hpp>

#include <vector>

namespace libdetect::fusion {

// Combines the analyzers' results into one verdict, by these rules in order:
//  1. The metadata analyzer found a declaration of AI generation:
//     declared_ai_generated.
//  2. The image is under 128 px on a side, or a JPEG below quality 50: too
//     small or too compressed for the analyzers that matter: inconclusive.
//  3. The "locally edited" probability (models/fusion-edited-lr.json over the
//     editing analyzers' scores) reaches its threshold: likely_edited.
//  4. An AI-generation detector whose held-out AUC is at least 0.9 reaches
//     its threshold: likely_ai_generated. (None ships yet: the frequency
//     model's AUC is 0.64.)
//  5. likely_authentic needs every question answered "no" by a model strong
//     enough to rule it out; while no strong AI-generation detector exists,
//     the rest is inconclusive, and the rationale says why.
Verdict fuse(const std::vector<AnalyzerResult>& results, int width, int height);

// The models the fusion itself uses, for the report.
std::vector<ModelInfo> fusion_models();

}  // namespace libdetect::fusion
