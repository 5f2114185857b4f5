#include "fusion/verdict.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

using namespace libdetect;

namespace {

AnalyzerResult scored(const std::string& name, double score) {
    AnalyzerResult r;
    r.name = name;
    r.score = score;
    return r;
}

AnalyzerResult ai_detector(const std::string& name, double probability, double threshold,
                           std::optional<double> leave_source_out_auc) {
    AnalyzerResult r = scored(name, probability);
    r.findings.ai_generation = AiGenerationEstimate{probability, threshold, std::nullopt, leave_source_out_auc, name};
    return r;
}

AnalyzerResult face_detector(double probability, double threshold, double held_out_auc, std::size_t strongest) {
    AnalyzerResult r = scored("face", probability);
    r.findings.face_swap = FaceSwapEstimate{probability, threshold, held_out_auc, strongest, "face-blend-detector"};
    return r;
}

std::vector<AnalyzerResult> editing_scores(double value) {
    return {scored("noise", value), scored("jpeg", value), scored("jpeg_dq", value), scored("copy_move", value)};
}

}  // namespace

TEST_CASE("a declaration of AI generation decides first", "[fusion]") {
    AnalyzerResult metadata = scored("metadata", 0.99);
    metadata.findings.declaration = Declaration{true, "ComfyUI (generator_parameters, png:tEXt:prompt)", "ComfyUI", false};
    auto results = editing_scores(1.0);
    results.push_back(metadata);
    results.push_back(ai_detector("model", 0.2, 0.8, 0.63));
    results.push_back(face_detector(0.4, 0.6, 0.86, 0));
    const Verdict v = fusion::fuse(results, 512, 512);
    CHECK(v.label == "declared_ai_generated");
    CHECK(*v.score == Approx(0.99));
    CHECK_THAT(v.rationale, Catch::Contains("ComfyUI") && Catch::Contains("forged"));
    // A declaration can be planted: the detectors' own probabilities stay in the verdict.
    CHECK(v.probabilities.at("ai_generated") == 0.2);
    CHECK(v.probabilities.at("face_swapped") == 0.4);
    CHECK(v.probabilities.count("locally_edited") == 1);
    CHECK_THAT(v.rationale, Catch::Contains("probabilities are reported beside it"));

    // Evidence keys decide nothing: only the typed finding does.
    AnalyzerResult untyped = scored("metadata", 0.99);
    untyped.evidence["declared"] = true;
    CHECK(fusion::fuse({untyped}, 512, 512).label == "inconclusive");
}

TEST_CASE("too small or too compressed images stay inconclusive", "[fusion]") {
    CHECK_THAT(fusion::fuse(editing_scores(1.0), 100, 400).rationale, Catch::Contains("too small"));
    auto results = editing_scores(1.0);
    results[1].findings.jpeg_history = JpegHistory{40};
    const Verdict v = fusion::fuse(results, 512, 512);
    CHECK(v.label == "inconclusive");
    CHECK_THAT(v.rationale, Catch::Contains("too compressed"));
}

TEST_CASE("the editing analyzers' fused probability decides likely_edited", "[fusion]") {
    const auto all = fusion::fusion_models();
    const auto edited_entry = std::find_if(all.begin(), all.end(), [](const ModelInfo& m) { return m.name == "fusion-edited-lr"; });
    REQUIRE(edited_entry != all.end());  // this repository ships the editing fusion model
    const std::vector<ModelInfo> models{*edited_entry};
    CHECK(models[0].used_by == "fusion");
    CHECK(models[0].error_rates.count("fpr_at_threshold") == 1);

    const Verdict edited = fusion::fuse(editing_scores(1.0), 512, 512);
    CHECK(edited.label == "likely_edited");
    CHECK(edited.probabilities.at("locally_edited") == *edited.score);
    const double threshold = models[0].error_rates.at("threshold");
    CHECK(*edited.score >= threshold);

    const Verdict quiet = fusion::fuse(editing_scores(0.0), 512, 512);
    CHECK(quiet.label == "inconclusive");
    CHECK(quiet.probabilities.at("locally_edited") < threshold);
    CHECK_THAT(quiet.rationale, Catch::Contains("not called authentic"));
}

TEST_CASE("only a strong AI detector may call an image AI-generated", "[fusion]") {
    auto results = editing_scores(0.0);
    results.push_back(ai_detector("frequency", 0.95, 0.7, 0.64));
    const Verdict weak = fusion::fuse(results, 512, 512);
    CHECK(weak.label == "inconclusive");
    CHECK_THAT(weak.rationale, Catch::Contains("0.64"));
    results.back().findings.ai_generation->leave_source_out_auc = 0.95;
    CHECK(fusion::fuse(results, 512, 512).label == "likely_ai_generated");
    // An in-distribution AUC does not count: only the leave-source-out figure gates.
    results.back().findings.ai_generation->leave_source_out_auc.reset();
    results.back().findings.ai_generation->held_out_auc = 0.99;
    const Verdict unmeasured = fusion::fuse(results, 512, 512);
    CHECK(unmeasured.label == "inconclusive");
    CHECK(unmeasured.probabilities.at("ai_generated") == 0.95);
    CHECK_THAT(unmeasured.rationale, Catch::Contains("no measured leave-source-out AUC"));
    CHECK(fusion::fuse({}, 512, 512).label == "inconclusive");
    CHECK_THAT(fusion::fuse({}, 512, 512).rationale, Catch::Contains("no editing analyzer"));
}

TEST_CASE("the strongest AI detector decides, before the editing fusion", "[fusion]") {
    auto results = editing_scores(1.0);  // the editing analyzers all fire
    // coding_cost and model: not the pair the shipped AI fusion stacks, so the best single estimate decides.
    results.push_back(ai_detector("coding_cost", 0.1, 0.7, 0.64));
    results.push_back(ai_detector("model", 0.93, 0.8, 0.96));
    const Verdict verdict = fusion::fuse(results, 512, 512);
    CHECK(verdict.label == "likely_ai_generated");
    CHECK(verdict.probabilities.at("ai_generated") == 0.93);
    CHECK_THAT(verdict.rationale, Catch::Contains("model analyzer"));

    results.back().findings.ai_generation->probability = 0.2;  // below its threshold: the editing fusion decides
    const Verdict edited = fusion::fuse(results, 512, 512);
    CHECK(edited.label == "likely_edited");
    CHECK(edited.probabilities.at("ai_generated") == 0.2);

    for (auto& r : results)
        if (r.name != "model" && r.name != "coding_cost") r.score = 0.0;
    const Verdict quiet = fusion::fuse(results, 512, 512);
    CHECK(quiet.label == "inconclusive");  // never likely_authentic
    CHECK_THAT(quiet.rationale, Catch::Contains("below its threshold"));
}

TEST_CASE("a blended face decides likely_edited only from a strong face model", "[fusion]") {
    auto results = editing_scores(0.0);
    results.push_back(face_detector(0.8, 0.6, 0.85, 1));
    const Verdict weak = fusion::fuse(results, 512, 512);
    CHECK(weak.label == "inconclusive");
    CHECK(weak.probabilities.at("face_swapped") == Approx(0.8));
    CHECK_THAT(weak.rationale, Catch::Contains("too weak to decide"));

    results.back().findings.face_swap->held_out_auc = 0.95;
    const Verdict strong = fusion::fuse(results, 512, 512);
    CHECK(strong.label == "likely_edited");
    CHECK(*strong.score == Approx(0.8));
    CHECK_THAT(strong.rationale, Catch::Contains("face 2") && Catch::Contains("not on real face swaps"));

    results.back().findings.face_swap->probability = 0.5;  // below its threshold
    const Verdict below = fusion::fuse(results, 512, 512);
    CHECK(below.label == "inconclusive");
    CHECK_THAT(below.rationale, Catch::Contains("below its threshold"));

    results.back().applicable = false;  // no face: no question asked
    results.back().score.reset();
    results.back().findings.face_swap.reset();
    CHECK(fusion::fuse(results, 512, 512).probabilities.count("face_swapped") == 0);
}

TEST_CASE("a strong AI detector against a consistent camera record is a disagreement", "[fusion]") {
    auto results = editing_scores(0.0);
    AnalyzerResult metadata = scored("metadata", 0.3);
    metadata.findings.camera_record = CameraRecord{true, {}};
    results.push_back(ai_detector("model", 0.93, 0.8, 0.96));
    results.push_back(metadata);
    const Verdict disagree = fusion::fuse(results, 512, 512);
    CHECK(disagree.label == "inconclusive");
    CHECK(disagree.probabilities.at("ai_generated") == 0.93);
    CHECK_THAT(disagree.rationale, Catch::Contains("disagree") && Catch::Contains("camera record"));

    results.back().findings.camera_record->inconsistencies = {"DateTimeOriginal after DateTime"};
    CHECK(fusion::fuse(results, 512, 512).label == "likely_ai_generated");
}

TEST_CASE("the shipped AI fusion stacks the NPR and frequency estimates, and needs both", "[fusion]") {
    const auto all = fusion::fusion_models();
    const auto entry = std::find_if(all.begin(), all.end(), [](const ModelInfo& m) { return m.name == "fusion-ai-lr"; });
    REQUIRE(entry != all.end());  // models/fusion-ai-lr.json is compiled in
    const double lso = entry->error_rates.at("leave_source_out_auc");
    CHECK(lso < 0.9);  // measured far below what rule 3 needs: it reports, never decides

    auto results = editing_scores(0.0);
    results.push_back(ai_detector("model", 0.3, 0.74, 0.63));
    results.push_back(ai_detector("frequency", 0.5, 0.71, std::nullopt));
    const Verdict low = fusion::fuse(results, 512, 512);
    const double fused_low = low.probabilities.at("ai_generated");
    CHECK(fused_low != Approx(0.3));  // not the model's own probability
    char auc[16];
    std::snprintf(auc, sizeof auc, "%.2f", lso);
    CHECK_THAT(low.rationale, Catch::Contains(std::string("fused AI detectors' (model, frequency) estimate has a "
                                                          "leave-source-out AUC of ") + auc));
    // Stronger single detector: the stack does not stand in for it.
    auto stronger = results;
    stronger[stronger.size() - 2].findings.ai_generation->leave_source_out_auc = 0.95;
    CHECK(fusion::fuse(stronger, 512, 512).probabilities.at("ai_generated") == Approx(0.3));

    // Equal positive weights: raising either detector raises the fused probability.
    results[results.size() - 2].findings.ai_generation->probability = 0.9;
    const double fused_model_up = fusion::fuse(results, 512, 512).probabilities.at("ai_generated");
    CHECK(fused_model_up > fused_low + 0.05);
    results.back().findings.ai_generation->probability = 0.9;
    const Verdict high = fusion::fuse(results, 512, 512);
    CHECK(high.probabilities.at("ai_generated") > fused_model_up);
    CHECK(high.label == "inconclusive");  // leave-source-out AUC below 0.9: never likely_ai_generated

    // One input missing (frequency not applicable): the best single estimate, as without the model.
    results.back().applicable = false;
    CHECK(fusion::fuse(results, 512, 512).probabilities.at("ai_generated") == Approx(0.9));
}

TEST_CASE("editing analyzers that ran but could not judge answer no editing question", "[fusion]") {
    auto results = editing_scores(0.0);
    for (auto& r : results) {
        r.applicable = false;
        r.score.reset();
    }
    const Verdict damaged = fusion::fuse(results, 512, 512, "premature end of JPEG data");
    CHECK(damaged.probabilities.count("locally_edited") == 0);
    CHECK_THAT(damaged.rationale, Catch::Contains("damaged"));
}
