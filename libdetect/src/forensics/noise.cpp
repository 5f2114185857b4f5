#include "forensics/noise.hpp"

#include "core/statistics.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace libdetect::forensics {
namespace {

constexpr int kMinSide = 4 * NoiseAnalyzer::kBlock;
constexpr double kEdgeQuantile = 0.85;     // the strongest 15 % gradients are texture, not noise
constexpr double kMinValidShare = 0.25;    // a block needs this share of non-edge pixels
constexpr double kDeviationZ = 3.0;        // blocks beyond this robust z deviate
constexpr double kMinSpread = 0.08;        // floor of the log-noise spread (flat, clean images)
constexpr double kHeatZ = 6.0;             // z mapped to 1.0 in the heatmap

}  // namespace

AnalyzerResult NoiseAnalyzer::analyze(const analysis::AnalysisContext& context) const {
    const cv::Mat& bgr = context.image.bgr;
    if (std::min(bgr.cols, bgr.rows) < kMinSide)
        return analysis::not_applicable("the image is smaller than " + std::to_string(kMinSide) +
                                        " px on a side: too few noise blocks to compare");
    cv::Mat gray;
    context.image.gray().convertTo(gray, CV_32F);

    // Immerkaer (1996): this kernel removes planes and ramps; on white noise
    // of deviation s its output has deviation 6 s.
    const cv::Matx33f kernel(1, -2, 1, -2, 4, -2, 1, -2, 1);
    cv::Mat residual;
    cv::filter2D(gray, residual, CV_32F, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
    residual = cv::abs(residual);
    cv::Mat gx, gy, gradient;
    cv::Sobel(gray, gx, CV_32F, 1, 0);
    cv::Sobel(gray, gy, CV_32F, 0, 1);
    cv::magnitude(gx, gy, gradient);
    const double edge_threshold =
        quantile(std::vector<float>(gradient.begin<float>(), gradient.end<float>()), kEdgeQuantile);

    const int cols = gray.cols / kBlock, rows = gray.rows / kBlock;
    cv::Mat sigma(rows, cols, CV_32F, cv::Scalar(-1));  // -1: not enough non-edge pixels
    std::vector<float> values;
    for (int by = 0; by < rows; ++by)
        for (int bx = 0; bx < cols; ++bx) {
            values.clear();
            for (int y = by * kBlock; y < (by + 1) * kBlock; ++y)
                for (int x = bx * kBlock; x < (bx + 1) * kBlock; ++x)
                    if (gradient.at<float>(y, x) <= edge_threshold) values.push_back(residual.at<float>(y, x));
            if (values.size() < kMinValidShare * kBlock * kBlock) continue;
            // Median absolute residual of Gaussian noise is 0.6745 of its deviation.
            sigma.at<float>(by, bx) = static_cast<float>(quantile(values, 0.5) / 0.6745 / 6.0);
        }

    std::vector<float> logs;
    for (auto it = sigma.begin<float>(); it != sigma.end<float>(); ++it)
        if (*it >= 0) logs.push_back(static_cast<float>(std::log(*it + 0.05)));
    AnalyzerResult result;
    if (logs.size() < 8)
        return analysis::not_applicable("fewer than 8 blocks without strong edges: no reliable noise estimate");
    const double median = quantile(logs, 0.5);
    std::vector<float> deviations;
    for (float l : logs) deviations.push_back(static_cast<float>(std::abs(l - median)));
    const double spread = std::max(kMinSpread, 1.4826 * quantile(deviations, 0.5));

    cv::Mat z(rows, cols, CV_32F, cv::Scalar(0));
    for (int by = 0; by < rows; ++by)
        for (int bx = 0; bx < cols; ++bx)
            if (sigma.at<float>(by, bx) >= 0)
                z.at<float>(by, bx) = static_cast<float>(std::abs(std::log(sigma.at<float>(by, bx) + 0.05) - median) / spread);
    // Coherent deviations only: an isolated odd block is usually texture.
    const analysis::MarkedArea area = analysis::marked_area(z > kDeviationZ, double(logs.size()));
    const double deviating_share = area.share;
    result.score = area.score;
    if (context.heatmaps) {
        // Blocks cover whole multiples of 16 px; the map is stretched over the image.
        result.heatmap = analysis::heatmap_from(cv::min(z / kHeatZ, 1.0));
    }
    auto& e = result.evidence;
    e["noise_sigma_median"] = std::exp(median) - 0.05;
    e["log_noise_spread"] = spread;
    e["deviating_block_share"] = deviating_share;
    e["blocks_used"] = std::int64_t(logs.size());
    e["block_size"] = std::int64_t{kBlock};
    e["interpretation"] = std::string(
        "noise_sigma_median is the typical noise deviation in gray levels. Blocks whose noise "
        "differs from it by more than 3 robust deviations, in groups, are marked: pasted or "
        "repainted regions often carry another noise level. Heavy JPEG compression, smooth "
        "surfaces and strong texture also change local noise. The score is not calibrated.");
    return result;
}

}  // namespace libdetect::forensics
