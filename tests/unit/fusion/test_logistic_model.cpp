#include "fusion/logistic_model.hpp"

#include "core/embedded_models.hpp"
#include "forensics/frequency.hpp"
#include "forensics/spectrum.hpp"

#include <libdetect/error.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using libdetect::ModelError;
using libdetect::fusion::LogisticModel;

namespace {

const char* kTwoFeatures = R"({"name": "t", "features": ["a", "b"], "mean": [1, -2], "scale": [2, 0.5],
  "weights": [3, -1], "bias": -1, "threshold": 0.7, "held_out_auc": 0.81})";

}  // namespace

TEST_CASE("logistic model standardises, weighs and squashes", "[fusion][logistic]") {
    const auto model = LogisticModel::from_json(kTwoFeatures, "abc");
    // 3 * (5 - 1) / 2 - 1 * (-1 + 2) / 0.5 - 1 = 3
    CHECK(model.logit({5.0, -1.0}) == Approx(3.0).epsilon(1e-12));
    CHECK(model.probability({5.0, -1.0}) == Approx(1.0 / (1.0 + std::exp(-3.0))).epsilon(1e-12));
    CHECK(model.threshold() == 0.7);
    CHECK(model.held_out_auc() == 0.81);
    CHECK(model.sha256() == "abc");
    CHECK_THROWS_AS(model.logit({1.0}), ModelError);
}

TEST_CASE("logistic model rejects malformed parameters", "[fusion][logistic]") {
    CHECK_THROWS_AS(LogisticModel::from_json("{", ""), ModelError);
    CHECK_THROWS_AS(LogisticModel::from_json(R"({"name": "t"})", ""), ModelError);
    std::string text = kTwoFeatures;
    CHECK_THROWS_AS(LogisticModel::from_json(std::string(text).replace(text.find("[2, 0.5]"), 8, "[2, 0.0]"), ""),
                    ModelError);
    CHECK_THROWS_AS(LogisticModel::from_json(std::string(text).replace(text.find("[3, -1]"), 7, "[3]"), ""),
                    ModelError);
    CHECK_THROWS_AS(LogisticModel::from_json(std::string(text).replace(text.find("0.7"), 3, "1.5"), ""),
                    ModelError);
}

TEST_CASE("the embedded frequency model matches the features this build computes", "[fusion][logistic]") {
    const auto* embedded = libdetect::core::embedded_model(libdetect::forensics::FrequencyAnalyzer::kModelFile);
    REQUIRE(embedded);
    CHECK(std::string(embedded->sha256).size() == 64);
    const auto model = LogisticModel::from_json(embedded->text, embedded->sha256);
    CHECK(model.feature_names() == libdetect::forensics::SpectralFeatures::names());
    CHECK(libdetect::core::embedded_model("no-such-model.json") == nullptr);
}
