#pragma once

#include "analysis/analyzer.hpp"
#include "model/model_catalog.hpp"

#include <libdetect/options.hpp>

#include <memory>

namespace libdetect::model {

class TorchClassifier;

// The learned detector of AI-generated images (models/npr-detector.pt, trained
// by models/train/train_npr.py): a small network over neighbouring-pixel
// residuals, applied to 128-px tiles spread over the image. The image logit is
// the mean of the tile logits; the heatmap holds each tile's probability.
// Loaded once, when the Detector is built; a missing, corrupt or mismatched
// model is a ModelError then.
class ModelAnalyzer final : public analysis::Analyzer {
public:
    static constexpr const char* kName = "model";
    static constexpr int kMinSide = 64;
    static constexpr const char* kModelName = "npr-detector";
    explicit ModelAnalyzer(const Options& options);
    ~ModelAnalyzer() override;
    const char* name() const noexcept override { return kName; }
    const char* version() const noexcept override { return "1.0.0"; }
    AnalyzerResult analyze(const analysis::AnalysisContext& context) const override;
    std::vector<ModelInfo> models() const override;

private:
    ModelEntry entry_;
    std::unique_ptr<TorchClassifier> classifier_;
    int threads_ = 1;
};

}  // namespace libdetect::model
