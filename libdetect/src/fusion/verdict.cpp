#include "fusion/verdict.hpp"

#include "core/text_format.hpp"
#include "fusion/logistic_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string_view>

namespace libdetect::fusion {
namespace {

constexpr const char* kEditedModel = "fusion-edited-lr.json";
constexpr const char* kAiModel = "fusion-ai-lr.json";
constexpr double kStrongAuc = 0.9;
constexpr int kMinSide = 128;
constexpr int kMinJpegQuality = 50;

const std::optional<LogisticModel>& edited_model() {
    static const std::optional<LogisticModel> model = LogisticModel::embedded(kEditedModel);
    return model;
}

// Stacked over the AI detectors' estimates (models/train/fusion_ai/).
const std::optional<LogisticModel>& ai_model() {
    static const std::optional<LogisticModel> model = LogisticModel::embedded(kAiModel);
    return model;
}

std::optional<double> figure(const std::map<std::string, double>& rates, const char* key) {
    const auto it = rates.find(key);
    return it == rates.end() ? std::nullopt : std::optional<double>(it->second);
}

std::string auc_text(double auc) {
    char text[16];
    std::snprintf(text, sizeof text, "%.2f", auc);
    return text;
}

// The fusion models name their features "<analyzer><suffix>": ".score" (the
// analyzer's score) or ".ai_generation_logit" (the logit of its estimate).
std::string analyzer_of_feature(const std::string& feature, std::string_view suffix) {
    if (feature.size() <= suffix.size() || feature.compare(feature.size() - suffix.size(), suffix.size(), suffix) != 0)
        return {};
    return feature.substr(0, feature.size() - suffix.size());
}

// What the rules read: the analyzers' typed findings, gathered once.
struct Signals {
    const Declaration* declaration = nullptr;
    std::optional<double> declaration_score;  // the declaring analyzer's score
    const CameraRecord* camera = nullptr;
    std::optional<int> jpeg_quality;
    // The AI-generation detector with the best leave-source-out AUC (the
    // figure for generators it never saw; an in-distribution held-out AUC
    // overstates the field) that gave a probability.
    const AnalyzerResult* ai = nullptr;
    const AiGenerationEstimate* ai_estimate = nullptr;
    double ai_auc = 0.0;  // its leave-source-out AUC, 0 when unmeasured
    const FaceSwapEstimate* face = nullptr;
    std::optional<double> edited;  // the editing fusion's probability
    // The AI detectors' estimates stacked into one (fusion-ai-lr), when the
    // build has that model and every detector it reads gave an estimate;
    // then it stands in for the best single estimate above.
    std::optional<AiGenerationEstimate> fused_ai;
    std::string fused_from;  // "model, coding_cost"
};

// The stacked estimate, or nothing when a detector it reads did not give one
// (not run, not applicable, failed): a fusion with a missing input would be
// a different model.
std::optional<AiGenerationEstimate> fuse_ai(const std::vector<AnalyzerResult>& results, std::string& from) {
    const auto& model = ai_model();
    if (!model || model->feature_names().empty()) return std::nullopt;
    std::vector<double> features;
    for (const auto& feature : model->feature_names()) {
        const std::string analyzer = analyzer_of_feature(feature, ".ai_generation_logit");
        const auto r = std::find_if(results.begin(), results.end(), [&](const AnalyzerResult& x) {
            return x.name == analyzer && x.applicable && x.findings.ai_generation;
        });
        if (r == results.end()) return std::nullopt;
        // Clipped as in training: beyond it a logit carries no more information.
        constexpr double kClip = 12.0, kEdge = 1e-6;
        const double p = std::clamp(r->findings.ai_generation->probability, kEdge, 1.0 - kEdge);
        features.push_back(std::clamp(std::log(p / (1.0 - p)), -kClip, kClip));
        from += (from.empty() ? "" : ", ") + analyzer;
    }
    AiGenerationEstimate fused;
    fused.probability = model->probability(features);
    fused.threshold = model->threshold();
    fused.leave_source_out_auc = figure(model->error_rates(), "leave_source_out_auc");
    fused.model = model->name();
    return fused;
}

Signals gather(const std::vector<AnalyzerResult>& results) {
    Signals s;
    for (const auto& r : results) {
        const Findings& f = r.findings;
        if (f.declaration && f.declaration->ai_generated && !s.declaration) {
            s.declaration = &*f.declaration;
            s.declaration_score = r.score;
        }
        if (f.camera_record && !s.camera) s.camera = &*f.camera_record;
        if (f.jpeg_history && !s.jpeg_quality) s.jpeg_quality = f.jpeg_history->quality_estimate;
        if (!r.applicable) continue;
        if (f.face_swap && !s.face) s.face = &*f.face_swap;
        if (const auto& ai = f.ai_generation) {
            const double auc = ai->leave_source_out_auc.value_or(0.0);
            if (!s.ai || auc > s.ai_auc) {
                s.ai = &r;
                s.ai_estimate = &*ai;
                s.ai_auc = auc;
            }
        }
    }
    // The stack stands in for the best single estimate only when it was
    // measured at least as good on generators it never saw.
    if ((s.fused_ai = fuse_ai(results, s.fused_from)) &&
        s.fused_ai->leave_source_out_auc.value_or(0.0) >= s.ai_auc) {
        s.ai_estimate = &*s.fused_ai;
        s.ai_auc = s.fused_ai->leave_source_out_auc.value_or(0.0);
    } else {
        s.fused_ai.reset();
    }
    const auto& model = edited_model();
    if (model) {
        std::vector<double> features;
        bool any = false;
        for (const auto& feature : model->feature_names()) {
            const std::string analyzer = analyzer_of_feature(feature, ".score");
            const auto r = std::find_if(results.begin(), results.end(),
                                        [&](const AnalyzerResult& x) { return x.name == analyzer; });
            const bool answered = r != results.end() && r->applicable && r->score;
            any = any || answered;  // analyzers that ran but could not judge answer nothing
            features.push_back(answered ? *r->score : 0.0);
        }
        if (any) s.edited = model->probability(features);
    }
    return s;
}

// Who gave the AI-generation estimate, as a possessive: "the model
// analyzer's", or "the fused AI detectors' (model, coding_cost)".
std::string whose_ai_estimate(const Signals& s) {
    return s.fused_ai ? "the fused AI detectors' (" + s.fused_from + ")" : "the " + s.ai->name + " analyzer's";
}

enum class Rule { declared, damaged, too_small, ai_generated, ai_against_camera, face_blended, edited, inconclusive };

// The rules of verdict.hpp, in order.
Rule decide(const Signals& s, int width, int height, const std::string& damage) {
    if (s.declaration) return Rule::declared;
    if (!damage.empty()) return Rule::damaged;
    if (std::min(width, height) < kMinSide || (s.jpeg_quality && *s.jpeg_quality < kMinJpegQuality))
        return Rule::too_small;
    if (s.ai && s.ai_auc >= kStrongAuc && s.ai_estimate->probability >= s.ai_estimate->threshold)
        // Strong disagreement: a pixel detector says generated, while the file
        // carries a camera record with nothing inconsistent in it. Either can
        // be wrong (a record can be copied onto a generated image), so neither
        // decides.
        return s.camera && s.camera->consistent() ? Rule::ai_against_camera : Rule::ai_generated;
    if (s.face && s.face->held_out_auc && *s.face->held_out_auc >= kStrongAuc && s.face->probability >= s.face->threshold)
        return Rule::face_blended;
    if (s.edited && *s.edited >= edited_model()->threshold()) return Rule::edited;
    return Rule::inconclusive;
}

// Why nothing decided: every probability and why it fell short.
std::string why_inconclusive(const Signals& s) {
    const auto& model = edited_model();
    std::string why = s.edited ? "the probability of local editing is " + percent(*s.edited) + ", below the threshold of " +
                                     percent(model->threshold())
                               : "no editing analyzer with a fused model ran";
    if (s.ai && s.ai_auc >= kStrongAuc)
        why += "; " + whose_ai_estimate(s) + " probability of AI generation is " +
               percent(s.ai_estimate->probability) +
               ", below its threshold, but no detector rules out generators it was not trained on";
    else
        why += "; no detector of AI generation is strong enough to rule it out";
    if (s.ai)
        why += " (" + whose_ai_estimate(s) + " estimate " +
               (s.ai_auc > 0 ? "has a leave-source-out AUC of " + auc_text(s.ai_auc)
                             : "has no measured leave-source-out AUC") + ")";
    if (s.face)
        why += "; the most suspicious face is blended in with probability " + percent(s.face->probability) +
               (s.face->held_out_auc && *s.face->held_out_auc >= kStrongAuc
                    ? std::string(", below its threshold")
                    : ", from a face model too weak to decide (held-out AUC " +
                          (s.face->held_out_auc ? auc_text(*s.face->held_out_auc) : std::string("unknown")) + ")");
    return why + ", so the image is not called authentic";
}

// The decision in plain words, with every probability the detectors gave.
Verdict word(Rule rule, const Signals& s, const std::string& damage) {
    Verdict verdict;
    if (s.ai) verdict.probabilities[probability_name::ai_generated] = s.ai_estimate->probability;
    if (s.face) verdict.probabilities[probability_name::face_swapped] = s.face->probability;
    if (s.edited) verdict.probabilities[probability_name::locally_edited] = *s.edited;
    const auto& model = edited_model();
    switch (rule) {
    case Rule::declared:
        verdict.label = verdict_label::declared_ai_generated;
        verdict.score = s.declaration_score;
        verdict.rationale = "the file declares AI generation: " +
                            (s.declaration->what.empty() ? std::string("see the metadata analyzer") : s.declaration->what) +
                            ". A declaration can be forged or stripped; it is what the file says, not proof";
        if (!verdict.probabilities.empty())
            verdict.rationale += "; the detectors' own probabilities are reported beside it";
        break;
    case Rule::damaged:
        verdict.rationale = "the file is damaged (" + damage + "), so its pixels were not analyzed; only its metadata was read";
        break;
    case Rule::too_small:
        verdict.rationale = "the image is too small (under 128 px on a side) or too compressed (JPEG quality "
                            "below 50) for the analyzers that matter";
        break;
    case Rule::ai_against_camera:
        verdict.rationale = "the analyzers disagree: " + whose_ai_estimate(s) + " probability of AI generation is " +
                            percent(s.ai_estimate->probability) + " (threshold " + percent(s.ai_estimate->threshold) +
                            "), but the file carries a consistent camera record (make, model and capture "
                            "time; see the metadata analyzer), which generators do not write unless someone "
                            "copies it in. Neither is taken as decisive";
        break;
    case Rule::ai_generated:
        verdict.label = verdict_label::likely_ai_generated;
        verdict.score = s.ai_estimate->probability;
        verdict.rationale = whose_ai_estimate(s) + " probability of AI generation is " +
                            percent(s.ai_estimate->probability) + " (threshold " + percent(s.ai_estimate->threshold) +
                            ", set for 5% false positives on real images the model did not fit; leave-source-out AUC " +
                            auc_text(s.ai_auc) + ")";
        break;
    case Rule::face_blended:
        verdict.label = verdict_label::likely_edited;
        verdict.score = s.face->probability;
        verdict.rationale = "face " + std::to_string(s.face->strongest_face + 1) +
                            " looks blended into the picture (face swap or pasted face): probability " +
                            percent(s.face->probability) + ", threshold " + percent(s.face->threshold) +
                            " (set so that at most 5% of the unseen real faces of each development source reach it; held-out AUC " +
                            auc_text(*s.face->held_out_auc) +
                            " on self-blended faces, not on real face swaps); the face heatmap shows the boundary";
        break;
    case Rule::edited: {
        const auto& rates = model->error_rates();
        const auto fpr = rates.find("fpr_at_threshold");
        verdict.label = verdict_label::likely_edited;
        verdict.score = *s.edited;
        verdict.rationale = "the editing analyzers together give a probability of local editing of " + percent(*s.edited) +
                            " (threshold " + percent(model->threshold()) + ", set for " +
                            percent(fpr != rates.end() ? fpr->second : 0.05) +
                            " false positives on held-out untouched photos); the heatmaps show where";
        break;
    }
    case Rule::inconclusive:
        verdict.rationale = why_inconclusive(s);
        break;
    }
    return verdict;
}

}  // namespace

std::vector<ModelInfo> fusion_models() {
    std::vector<ModelInfo> models;
    for (const auto& [model, file] : {std::pair{&edited_model(), kEditedModel}, std::pair{&ai_model(), kAiModel}})
        if (*model)
            models.push_back(ModelInfo{(*model)->name(), file, (*model)->sha256(), "fusion", (*model)->evaluated_on(),
                                       (*model)->error_rates()});
    return models;
}

Verdict fuse(const std::vector<AnalyzerResult>& results, int width, int height, const std::string& damage) {
    const Signals signals = gather(results);
    Verdict verdict = word(decide(signals, width, height, damage), signals, damage);
    std::string failed;
    for (const auto& r : results)
        if (!r.error.empty()) failed += (failed.empty() ? "" : ", ") + r.name;
    if (!failed.empty())
        verdict.rationale += ". Analyzers that failed, so their evidence is missing: " + failed;
    return verdict;
}

}  // namespace libdetect::fusion
