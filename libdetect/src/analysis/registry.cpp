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
        registration<forensics::ElaAnalyzer>(),
        registration<forensics::NoiseAnalyzer>(),
        registration<forensics::JpegGhostAnalyzer>(),
        registration<forensics::DoubleJpegAnalyzer>(),
        registration<forensics::CopyMoveAnalyzer>(),
        registration<forensics::FrequencyAnalyzer>(),
        registration<forensics::CodingCostAnalyzer>(),
        registration<model::ModelAnalyzer>(),
        registration<face::FaceAnalyzer>(),
        registration<metadata::MetadataAnalyzer>(),
    };
    return analyzers;
}

}  // namespace libdetect::analysis

LIBDETECT_NAMESPACE_BEGIN

std::vector<std::string> available_analyzers() {
    std::vector<std::string> names;
    for (const auto& entry : analysis::registry()) names.emplace_back(entry.name);
    return names;
}

LIBDETECT_NAMESPACE_END
