#pragma once

#include <libdetect/report.hpp>

#include <string>
#include <vector>

namespace libdetect::fusion {

// Combines the analyzers' results into one verdict, by these rules in order:
//  1. The metadata analyzer found a declaration of AI generation:
//     declared_ai_generated.
//  2. The file is damaged (`damage`, Report::damage: its pixel analyzers did
//     not run), or the image is under 128 px on a side, or a JPEG below
//     quality 50: too broken, small or compressed for the analyzers that
//     matter: inconclusive.
//  3. The AI-generation detector with the best leave-source-out AUC
//     (`coding_cost`, `model` or `frequency`: the figure measured with each
//     generator source held out of training, evidence key
//     model_leave_source_out_auc) has an AUC of at least 0.9 and reaches its
//     threshold: likely_ai_generated — unless the metadata analyzer found a
//     consistent camera record: the two disagree strongly, inconclusive. A
//     detector without that figure never decides. Its probability is
//     probabilities["ai_generated"] whatever its strength.
//  4. The face analyzer's most suspicious face comes from a face model with a
//     held-out AUC of at least 0.9 and reaches its threshold: likely_edited
//     (a face blended in). Its probability is probabilities["face_swapped"]
//     whatever its strength.
//  5. The "locally edited" probability (models/fusion-edited-lr.json over the
//     editing analyzers' scores) reaches its threshold: likely_edited.
//  6. Otherwise inconclusive, and the rationale says why. likely_authentic is
//     not given: no detector here rules out generators it was not trained on
//     (see models/npr-detector.md, leave-one-domain-out), and calling an
//     image of a survivor authentic on that basis would overstate it.
Verdict fuse(const std::vector<AnalyzerResult>& results, int width, int height, const std::string& damage = {});

// The models the fusion itself uses, for the report.
std::vector<ModelInfo> fusion_models();

}  // namespace libdetect::fusion
