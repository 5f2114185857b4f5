#pragma once

#include <libdetect/report.hpp>

#include <string>
#include <vector>

namespace libdetect::fusion {

// Combines the analyzers' typed findings (AnalyzerResult::findings; no rule
// reads evidence keys or analyzer names) into one verdict, by these rules in
// order:
//  1. An analyzer found a declaration of AI generation in the file:
//     declared_ai_generated.
//  2. The file is damaged (`damage`, Report::damage: its pixel analyzers did
//     not run), or the image is under 128 px on a side, or a JPEG below
//     quality 50 (JpegHistory): too broken, small or compressed for the
//     analyzers that matter: inconclusive.
//  3. The AI-generation estimate — the stacked one of models/fusion-ai-lr.json
//     when every analyzer it reads gave an estimate, else the single estimate
//     with the best leave-source-out AUC (the figure measured with each
//     generator source held out of training) — has an AUC of at least 0.9 and
//     reaches its threshold: likely_ai_generated — unless a consistent camera
//     record was found: the two disagree strongly, inconclusive. An estimate
//     without that figure never decides.
//  4. The face-swap estimate comes from a face model with a held-out AUC of
//     at least 0.9 and reaches its threshold: likely_edited (a face blended
//     in).
//  5. The "locally edited" probability (models/fusion-edited-lr.json over the
//     editing analyzers' scores) reaches its threshold: likely_edited.
//  6. Otherwise inconclusive, and the rationale says why. likely_authentic is
//     not given: no detector here rules out generators it was not trained on
//     (see models/npr-detector.md, leave-one-domain-out), and calling an
//     image of a survivor authentic on that basis would overstate it.
// Whatever rule decides, the verdict's probabilities carry every question a
// detector answered (ai_generated from the estimate of rule 3, face_swapped,
// locally_edited): a declaration can be planted, so it hides none of them.
Verdict fuse(const std::vector<AnalyzerResult>& results, int width, int height, const std::string& damage = {});

// The models the fusion itself uses, for the report.
std::vector<ModelInfo> fusion_models();

}  // namespace libdetect::fusion
