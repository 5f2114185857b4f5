#include "analysis/analyzer.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>

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

void set_ai_generation(AnalyzerResult& result, double probability, const AiModelRecord& model) {
    AiGenerationEstimate estimate;
    estimate.probability = probability;
    estimate.threshold = model.threshold;
    estimate.model = model.name;
    auto& e = result.evidence;
    e["model"] = model.name;
    e["model_sha256"] = model.sha256;
    e["threshold"] = model.threshold;
    e["above_threshold"] = probability >= model.threshold;
    const auto figure = [&](const char* key) -> std::optional<double> {
        const auto it = model.error_rates.find(key);
        if (it == model.error_rates.end() || !std::isfinite(it->second)) return std::nullopt;
        return it->second;
    };
    estimate.held_out_auc = model.held_out_auc;
    if (estimate.held_out_auc && !std::isfinite(*estimate.held_out_auc)) estimate.held_out_auc.reset();
    if (estimate.held_out_auc) e["model_held_out_auc"] = *estimate.held_out_auc;
    estimate.leave_source_out_auc = figure("leave_source_out_auc");
    if (estimate.leave_source_out_auc) e["model_leave_source_out_auc"] = *estimate.leave_source_out_auc;
    if (const auto lowest = figure("leave_source_out_auc_min")) e["model_leave_source_out_auc_min"] = *lowest;
    result.score = probability;
    result.findings.ai_generation = std::move(estimate);
}

}  // namespace libdetect::analysis
