#include "analysis/analyzer.hpp"

#include "face/face_analyzer.hpp"
#include "forensics/coding_cost.hpp"
#include "forensics/copy_move.hpp"
#include "forensics/double_jpeg.hpp"
#include "forensics/ela.hpp"
#include "forensics/frequency.hpp"
#include "forensics/jpeg_ghost.hpp"
#include "forensics/noise.hpp"
#include "metadata/metadata_analyzer.hpp"
#include "model/model_analyzer.hpp"

namespace libdetect::analysis {

const std::vector<Registration>& registry() {
    // One line per analyzer; the order is the order of the pipeline.
    static const std::vector<Registration> analyzers = {
        {forensics::ElaAnalyzer::kName, &forensics::make_ela_analyzer},
        {forensics::NoiseAnalyzer::kName, &forensics::make_noise_analyzer},
        {forensics::JpegGhostAnalyzer::kName, &forensics::make_jpeg_ghost_analyzer},
        {forensics::DoubleJpegAnalyzer::kName, &forensics::make_double_jpeg_analyzer},
        {forensics::CopyMoveAnalyzer::kName, &forensics::make_copy_move_analyzer},
        {forensics::FrequencyAnalyzer::kName, &forensics::make_frequency_analyzer},
        {forensics::CodingCostAnalyzer::kName, &forensics::make_coding_cost_analyzer},
        {model::ModelAnalyzer::kName, &model::make_model_analyzer},
        {face::FaceAnalyzer::kName, &face::make_face_analyzer},
        {metadata::MetadataAnalyzer::kName, &metadata::make_metadata_analyzer},
    };
    return analyzers;
}

}  // namespace libdetect::analysis

namespace libdetect {

std::vector<std::string> available_analyzers() {
    std::vector<std::string> names;
    for (const auto& entry : analysis::registry()) names.emplace_back(entry.name);
    return names;
}

}  // namespace libdetect
