#pragma once

#include "analysis/analyzer.hpp"
#include "face/face_finder.hpp"
#include "model/model_catalog.hpp"

#include <libdetect/options.hpp>

#include <memory>

namespace libdetect::model {
class TorchClassifier;
}

namespace libdetect::face {

// Finds the faces (dlib), aligns each one, and asks the face-blending
// detector (models/face-blend-detector.pt, trained on self-blended faces by
// models/train/train_face.py) whether it was blended into the picture, with
// a map of the blending boundary; adds handcrafted face-versus-context cues.
// The image score is the highest probability among faces of analysable size;
// not applicable when no face is found.
class FaceAnalyzer final : public analysis::Analyzer {
public:
    static constexpr const char* kName = "face";
    static constexpr const char* kModelName = "face-blend-detector";
    explicit FaceAnalyzer(const Options& options);
    ~FaceAnalyzer() override;
    const char* name() const noexcept override { return kName; }
    const char* version() const noexcept override { return "1.2.0"; }
    AnalyzerResult analyze(const analysis::AnalysisContext& context) const override;
    std::vector<ModelInfo> models() const override;

private:
    model::ModelEntry entry_;
    int crop_ = 0, align_size_ = 0;
    double margin_ = 0.0;
    std::unique_ptr<model::TorchClassifier> network_;
    FaceFinder finder_;
    int threads_ = 1;
};

}  // namespace libdetect::face
