#include "forensics/frequency.hpp"

#include "core/embedded_models.hpp"
#include "fixtures.hpp"

#include <libdetect/image.hpp>

#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

AnalyzerResult run_frequency(const cv::Mat& pixels, const std::string& ext = ".png") {
    const Image image = Image::from_bytes(fx::encode(pixels, ext, 92));
    return forensics::FrequencyAnalyzer().analyze({libdetect::detail::impl_of(image), true});
}

void check_valid(const AnalyzerResult& result, int tile_columns, int tile_rows) {
    REQUIRE(result.applicable);
    const auto& profile = std::get<std::vector<double>>(result.evidence.at("radial_profile"));
    CHECK(profile.size() == 32);
    for (double v : profile) CHECK(std::isfinite(v));
    CHECK(std::get<std::vector<double>>(result.evidence.at("periodic_peaks")).size() == 3);
    // This repository ships the model, so every build scores.
    REQUIRE(result.score);
    CHECK(*result.score >= 0.0);
    CHECK(*result.score <= 1.0);
    CHECK(result.heatmap.width == tile_columns);
    CHECK(result.heatmap.height == tile_rows);
    for (float v : result.heatmap.values) CHECK((v >= 0.f && v <= 1.f));
}

}  // namespace

TEST_CASE("frequency scores with the shipped model and records which", "[forensics][frequency]") {
    const auto* model = core::embedded_model(forensics::FrequencyAnalyzer::kModelFile);
    REQUIRE(model);
    const AnalyzerResult result = run_frequency(fx::structured_scene(640, 400, 3), ".jpg");
    check_valid(result, 5, 4);
    CHECK(std::get<std::string>(result.evidence.at("model_sha256")) == model->sha256);
    const double auc = std::get<double>(result.evidence.at("model_held_out_auc"));
    CHECK((auc > 0.0 && auc <= 1.0));
}

TEST_CASE("frequency handles tiny, flat, gray and alpha images", "[forensics][frequency]") {
    const AnalyzerResult tiny = run_frequency(fx::structured_scene(127, 300, 1));
    CHECK_FALSE(tiny.applicable);
    CHECK(tiny.reason.find("128") != std::string::npos);

    const AnalyzerResult flat = run_frequency(cv::Mat(256, 256, CV_8UC3, cv::Scalar(30, 60, 90)));
    CHECK_FALSE(flat.applicable);
    CHECK(flat.reason.find("flat") != std::string::npos);

    cv::Mat gray;
    cv::cvtColor(fx::structured_scene(256, 256, 2), gray, cv::COLOR_BGR2GRAY);
    check_valid(run_frequency(gray), 2, 2);

    cv::Mat rgba;
    cv::cvtColor(fx::structured_scene(200, 130, 2), rgba, cv::COLOR_BGR2BGRA);
    check_valid(run_frequency(rgba), 2, 2);

    cv::Mat deep;
    fx::structured_scene(300, 256, 5).convertTo(deep, CV_16UC3, 257.0);
    check_valid(run_frequency(deep), 3, 2);
}
