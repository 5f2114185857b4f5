#include "forensics/frequency.hpp"

#include "forensics/spectrum.hpp"
#include "forensics/ai_model_record.hpp"
#include "fusion/logistic_model.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <optional>

namespace libdetect::forensics {
namespace {

// Parsed once; a build without the model file still reports the features.
const std::optional<fusion::LogisticModel>& frequency_model() {
    static const std::optional<fusion::LogisticModel> model =
        fusion::LogisticModel::embedded(FrequencyAnalyzer::kModelFile, SpectralFeatures::names());
    return model;
}

}  // namespace

AnalyzerResult FrequencyAnalyzer::analyze(const analysis::AnalysisContext& context) const {
    constexpr int kTile = SpectralFeatures::kTile;
    const cv::Mat& bgr = context.image.bgr;
    if (std::min(bgr.cols, bgr.rows) < kTile)
        return analysis::not_applicable("the image is smaller than " + std::to_string(kTile) +
                                        " px on a side: too small for a spectrum tile");
    const SpectralAnalysis spectrum = analyze_spectrum(context.image.gray());
    if (spectrum.textured_tiles == 0)
        return analysis::not_applicable("the image has no fine detail (flat residual everywhere): "
                                        "there is no spectrum to measure");

    AnalyzerResult result;
    auto& e = result.evidence;
    const auto& model = frequency_model();
    if (model) {
        analysis::set_ai_generation(result, model->probability(spectrum.image.vector()), ai_model_record(*model));
        if (context.heatmaps) {
            cv::Mat map(spectrum.tile_rows, spectrum.tile_columns, CV_32F, cv::Scalar(0));
            for (int i = 0; i < map.rows * map.cols; ++i)
                if (spectrum.tile_textured[i])
                    map.at<float>(i / map.cols, i % map.cols) =
                        static_cast<float>(model->probability(spectrum.tiles[i].vector()));
            result.heatmap = analysis::heatmap_from(map);
        }
    } else {
        e["model"] = std::string("none: this build has no ") + kModelFile;
    }
    e["radial_profile"] = spectrum.image.radial_profile;
    e["high_frequency_slope"] = spectrum.image.high_frequency_slope;
    e["periodic_peaks"] = spectrum.image.periodic_peaks;
    e["tiles_used"] = std::int64_t{spectrum.textured_tiles};
    e["tile_size"] = std::int64_t{kTile};
    e["interpretation"] = std::string(
        "radial_profile is the mean log power of the residual spectrum in 32 bins from 0 to 0.5 "
        "cycles/px (shape only: its mean is subtracted); periodic_peaks are the log-power peaks at "
        "1/2, 1/4 and 1/8 cycles/px, where up-sampling layers and the 8-px JPEG grid leave energy. "
        "The score is a probability of AI generation from a linear model trained on the development "
        "set. It is a weak signal: model_held_out_auc is its ROC AUC on held-out development images "
        "(0.5 is chance), and on matched real/fake pairs and unseen sources it is near chance (model "
        "card: models/frequency-spectrum-lr.md). Never rely on it alone. The heatmap scores each "
        "128-px tile alone.");
    return result;
}

std::vector<ModelInfo> FrequencyAnalyzer::models() const {
    if (!frequency_model()) return {};
    return {model_info(*frequency_model(), kModelFile, kName)};
}

}  // namespace libdetect::forensics
