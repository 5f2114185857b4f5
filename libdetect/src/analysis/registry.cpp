#include "analysis/analyzer.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
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

AnalyzerResult not_applicable(std::string reason) {
    AnalyzerResult result;
    result.applicable = false;
    result.reason = std::move(reason);
    return result;
}

bool is_uniform(const cv::Mat& image) {
    CV_Assert(image.depth() == CV_8U);
    if (image.empty()) return true;
    // Compared with the first pixel, stopping at the first that differs:
    // on a real picture that is at once, with no copy of the image.
    const std::size_t pixel = image.elemSize();
    const std::uint8_t* first = image.ptr<std::uint8_t>(0);
    for (int y = 0; y < image.rows; ++y) {
        const std::uint8_t* row = image.ptr<std::uint8_t>(y);
        for (int x = 0; x < image.cols; ++x)
            if (std::memcmp(row + std::size_t(x) * pixel, first, pixel) != 0) return false;
    }
    return true;
}

Heatmap heatmap_from(const cv::Mat& values) {
    CV_Assert(values.type() == CV_32F);
    Heatmap map;
    map.width = values.cols;
    map.height = values.rows;
    map.values.assign(values.begin<float>(), values.end<float>());
    return map;
}

MarkedArea marked_area(cv::Mat marked, double blocks) {
    cv::morphologyEx(marked, marked, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(2, 2)));
    MarkedArea area;
    area.share = blocks > 0 ? double(cv::countNonZero(marked)) / blocks : 0.0;
    area.score = 1.0 - std::exp(-area.share / 0.10);
    return area;
}

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
