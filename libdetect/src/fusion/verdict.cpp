#include "fusion/verdict.hpp"

#include "fusion/logistic_model.hpp"

#include <algorithm>
#include <cstdio>

namespace libdetect::fusion {
namespace {

constexpr const char* kEditedModel = "fusion-edited-lr.json";
// Analyzers that estimate a probability of AI generation, with their model's
// threshold and, where measured, its leave-source-out AUC in the evidence.
constexpr const char* kAiDetectors[] = {"coding_cost", "model", "frequency"};
constexpr double kStrongAuc = 0.9;
constexpr int kMinSide = 128;
constexpr std::int64_t kMinJpegQuality = 50;

const std::optional<LogisticModel>& edited_model() {
    static const std::optional<LogisticModel> model = LogisticModel::embedded(kEditedModel);
    return model;
}

const AnalyzerResult* find(const std::vector<AnalyzerResult>& results, const std::string& name) {
    for (const auto& r : results)
        if (r.name == name) return &r;
    return nullptr;
}

template <typename T>
const T* evidence(const AnalyzerResult* result, const char* key) {
    if (!result) return nullptr;
    const auto it = result->evidence.find(key);
    return it == result->evidence.end() ? nullptr : std::get_if<T>(&it->second);
}

std::string percent(double p) {
    char text[16];
    std::snprintf(text, sizeof text, "%.0f%%", 100.0 * p);
    return text;
}

// The rules of verdict.hpp, in order.
Verdict decide(const std::vector<AnalyzerResult>& results, int width, int height, const std::string& damage) {
    Verdict verdict;
    const AnalyzerResult* metadata = find(results, "metadata");
    if (const bool* declared = evidence<bool>(metadata, "declared"); declared && *declared) {
        verdict.label = "declared_ai_generated";
        verdict.score = metadata->score;
        const std::string* what = evidence<std::string>(metadata, "declared_ai");
        verdict.rationale = "the file declares AI generation: " + (what ? *what : std::string("see the metadata analyzer")) +
                            ". A declaration can be forged or stripped; it is what the file says, not proof.";
        return verdict;
    }
    if (!damage.empty()) {
        verdict.rationale = "the file is damaged (" + damage + "), so its pixels were not analyzed; only its metadata was read";
        return verdict;
    }
    const std::int64_t* quality = evidence<std::int64_t>(find(results, "jpeg"), "quality_estimate");
    if (std::min(width, height) < kMinSide || (quality && *quality < kMinJpegQuality)) {
        verdict.rationale = "the image is too small (under 128 px on a side) or too compressed (JPEG quality "
                            "below 50) for the analyzers that matter";
        return verdict;
    }

    // AI generation: the detector with the best leave-source-out AUC (the
    // figure for generators it never saw; an in-distribution held-out AUC
    // overstates the field) that gave a score; only a strong one may decide.
    // A detector with no leave-source-out figure never decides.
    const AnalyzerResult* detector = nullptr;
    double detector_auc = 0.0;
    for (const char* name : kAiDetectors) {
        const AnalyzerResult* r = find(results, name);
        const double* auc = evidence<double>(r, "model_leave_source_out_auc");
        if (r && r->applicable && r->score && (!detector || (auc && *auc > detector_auc))) {
            detector = r;
            detector_auc = auc ? *auc : 0.0;
        }
    }
    const double* detector_threshold = evidence<double>(detector, "threshold");
    if (detector) verdict.probabilities["ai_generated"] = *detector->score;
    if (detector && detector_threshold && detector_auc >= kStrongAuc && *detector->score >= *detector_threshold) {
        // Strong disagreement: a pixel detector says generated, while the file
        // carries a camera record with nothing inconsistent in it. Either can
        // be wrong (a record can be copied onto a generated image), so neither
        // decides.
        const bool* camera = evidence<bool>(metadata, "camera_record");
        if (camera && *camera && !evidence<std::string>(metadata, "camera_record_inconsistencies")) {
            verdict.rationale = "the analyzers disagree: the " + detector->name +
                                " analyzer's probability of AI generation is " + percent(*detector->score) +
                                " (threshold " + percent(*detector_threshold) +
                                "), but the file carries a consistent camera record (make, model and capture "
                                "time; see the metadata analyzer), which generators do not write unless someone "
                                "copies it in. Neither is taken as decisive";
            return verdict;
        }
        verdict.label = "likely_ai_generated";
        verdict.score = detector->score;
        verdict.rationale = "the " + detector->name + " analyzer's probability of AI generation is " +
                            percent(*detector->score) + " (threshold " + percent(*detector_threshold) +
                            ", set for 5% false positives on real validation images; leave-source-out AUC " +
                            std::to_string(detector_auc).substr(0, 4) + ")";
        return verdict;
    }

    // A face blended in (face swap): the face analyzer's strongest face; only
    // a strong model may decide, and its AUC is measured on self-blends, not
    // on real face swaps.
    const AnalyzerResult* faces = find(results, "face");
    const double* face_auc = evidence<double>(faces, "model_held_out_auc");
    const double* face_threshold = evidence<double>(faces, "threshold");
    if (faces && faces->applicable && faces->score) {
        verdict.probabilities["face_swapped"] = *faces->score;
        if (face_auc && face_threshold && *face_auc >= kStrongAuc && *faces->score >= *face_threshold) {
            const std::int64_t* which = evidence<std::int64_t>(faces, "strongest_face");
            verdict.label = "likely_edited";
            verdict.score = faces->score;
            verdict.rationale = "face " + std::to_string(which ? *which + 1 : 1) +
                                " looks blended into the picture (face swap or pasted face): probability " +
                                percent(*faces->score) + ", threshold " + percent(*face_threshold) +
                                " (set for 5% false positives on untouched validation faces; held-out AUC " +
                                std::to_string(*face_auc).substr(0, 4) +
                                " on self-blended faces, not on real face swaps); the face heatmap shows the boundary";
            return verdict;
        }
    }

    // Locally edited: the fusion model over the editing analyzers' scores.
    std::optional<double> edited;
    const auto& model = edited_model();
    if (model) {
        std::vector<double> features;
        bool any = false;
        for (const auto& name : model->feature_names()) {
            const std::string analyzer = name.substr(0, name.find('.'));
            const AnalyzerResult* r = find(results, analyzer);
            any = any || r != nullptr;
            features.push_back(r && r->applicable && r->score ? *r->score : 0.0);
        }
        if (any) {
            edited = model->probability(features);
            verdict.probabilities["locally_edited"] = *edited;
        }
    }
    if (edited && *edited >= model->threshold()) {
        verdict.label = "likely_edited";
        verdict.score = *edited;
        verdict.rationale = "the editing analyzers together give a probability of local editing of " + percent(*edited) +
                            " (threshold " + percent(model->threshold()) + ", set for " +
                            percent(model->error_rates().count("fpr_at_threshold") ? model->error_rates().at("fpr_at_threshold") : 0.05) +
                            " false positives on held-out untouched photos); the heatmaps show where";
        return verdict;
    }

    std::string why = edited ? "the probability of local editing is " + percent(*edited) + ", below the threshold of " +
                                   percent(model->threshold())
                             : "no editing analyzer with a fused model ran";
    if (detector && detector_auc >= kStrongAuc)
        why += "; the " + detector->name + " analyzer's probability of AI generation is " + percent(*detector->score) +
               ", below its threshold, but no detector rules out generators it was not trained on";
    else
        why += "; no detector of AI generation is strong enough to rule it out";
    if (detector)
        why += detector_auc > 0 ? " (its leave-source-out AUC is " + std::to_string(detector_auc).substr(0, 4) + ")"
                                : " (it has no measured leave-source-out AUC)";
    if (faces && faces->applicable && faces->score)
        why += "; the most suspicious face is blended in with probability " + percent(*faces->score) +
               (face_auc && *face_auc >= kStrongAuc ? std::string(", below its threshold")
                                                    : ", from a face model too weak to decide (held-out AUC " +
                                                          (face_auc ? std::to_string(*face_auc).substr(0, 4)
                                                                    : std::string("unknown")) + ")");
    why += ", so the image is not called authentic";
    verdict.rationale = why;
    return verdict;
}

}  // namespace

std::vector<ModelInfo> fusion_models() {
    const auto& model = edited_model();
    if (!model) return {};
    return {ModelInfo{model->name(), kEditedModel, model->sha256(), "fusion", model->evaluated_on(), model->error_rates()}};
}

Verdict fuse(const std::vector<AnalyzerResult>& results, int width, int height, const std::string& damage) {
    Verdict verdict = decide(results, width, height, damage);
    std::string failed;
    for (const auto& r : results)
        if (!r.error.empty()) failed += (failed.empty() ? "" : ", ") + r.name;
    if (!failed.empty())
        verdict.rationale += ". Analyzers that failed, so their evidence is missing: " + failed;
    return verdict;
}

}  // namespace libdetect::fusion
