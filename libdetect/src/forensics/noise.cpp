#include "forensics/noise.hpp"

#include "core/statistics.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace libdetect::forensics {
namespace {

constexpr int kMinSide = 4 * NoiseAnalyzer::kBlock;
constexpr double kEdgeQuantile = 0.85;     // the strongest 15 % gradients are texture, not noise
constexpr double kMinValidShare = 0.25;    // a block needs this share of non-edge pixels
constexpr double kDeviationZ = 3.0;        // blocks beyond this robust z deviate
constexpr double kMinSpread = 0.08;        // floor of the log-noise spread (flat, clean images)
constexpr double kHeatZ = 6.0;             // z mapped to 1.0 in the heatmap
constexpr int kStripBlockRows = 32;        // block rows per strip (512 px)

}  // namespace

AnalyzerResult NoiseAnalyzer::analyze(const analysis::AnalysisContext& context) const {
    const cv::Mat& bgr = context.image.bgr;
    if (std::min(bgr.cols, bgr.rows) < kMinSide)
        return analysis::not_applicable("the image is smaller than " + std::to_string(kMinSide) +
                                        " px on a side: too few noise blocks to compare");
    const cv::Mat& gray = context.image.gray();
    const int cols = gray.cols / kBlock, rows = gray.rows / kBlock;

    // The planes are made a strip of block rows at a time, so that a 100-MP
    // photo does not hold five full-size float planes (2 GB). A filter on a
    // strip (an ROI) reads the rows around it where the image has them, so
    // every value equals the whole-image computation.
    auto strip_of = [&](int first_block_row) {
        const int y0 = first_block_row * kBlock;
        return gray(cv::Range(y0, std::min(gray.rows, y0 + kStripBlockRows * kBlock)), cv::Range::all());
    };
    // Sobel on 8-bit luma gives integers within +-1020: the squared magnitude
    // takes at most 2 * 1020^2 + 1 values, and a histogram of them gives the
    // exact quantile that sorting every magnitude would.
    auto sobel = [](const cv::Mat& strip, cv::Mat& gx, cv::Mat& gy) {
        cv::Sobel(strip, gx, CV_16S, 1, 0);
        cv::Sobel(strip, gy, CV_16S, 0, 1);
    };
    constexpr int kMaxSquared = 2 * 1020 * 1020;
    std::vector<std::uint64_t> histogram(kMaxSquared + 1, 0);
    cv::Mat gx, gy;
    for (int by = 0; by * kBlock < gray.rows; by += kStripBlockRows) {
        sobel(strip_of(by), gx, gy);
        for (int y = 0; y < gx.rows; ++y) {
            const auto* x_row = gx.ptr<std::int16_t>(y);
            const auto* y_row = gy.ptr<std::int16_t>(y);
            for (int x = 0; x < gx.cols; ++x) ++histogram[std::size_t(x_row[x] * x_row[x] + y_row[x] * y_row[x])];
        }
    }
    // The value of rank floor(q (n - 1)), as quantile() picks it.
    const auto rank = static_cast<std::uint64_t>(kEdgeQuantile * double(std::uint64_t(gray.total()) - 1));
    int edge_squared = 0;
    for (std::uint64_t seen = 0; edge_squared <= kMaxSquared; ++edge_squared) {
        seen += histogram[std::size_t(edge_squared)];
        if (seen > rank) break;
    }
    const float edge_threshold = std::sqrt(float(edge_squared));  // as cv::magnitude computes it

    // Immerkaer (1996): this kernel removes planes and ramps; on white noise
    // of deviation s its output has deviation 6 s.
    const cv::Matx33f kernel(1, -2, 1, -2, 4, -2, 1, -2, 1);
    cv::Mat sigma(rows, cols, CV_32F, cv::Scalar(-1));  // -1: not enough non-edge pixels
    std::vector<float> values;
    cv::Mat residual;
    for (int first = 0; first < rows; first += kStripBlockRows) {
        const cv::Mat strip = strip_of(first);
        cv::filter2D(strip, residual, CV_32F, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
        sobel(strip, gx, gy);
        for (int by = first; by < std::min(rows, first + kStripBlockRows); ++by)
            for (int bx = 0; bx < cols; ++bx) {
                values.clear();
                for (int y = (by - first) * kBlock; y < (by - first + 1) * kBlock; ++y)
                    for (int x = bx * kBlock; x < (bx + 1) * kBlock; ++x) {
                        const int dx = gx.at<std::int16_t>(y, x), dy = gy.at<std::int16_t>(y, x);
                        if (std::sqrt(float(dx * dx + dy * dy)) <= edge_threshold)
                            values.push_back(std::abs(residual.at<float>(y, x)));
                    }
                if (values.size() < kMinValidShare * kBlock * kBlock) continue;
                // Median absolute residual of Gaussian noise is 0.6745 of its deviation.
                sigma.at<float>(by, bx) = static_cast<float>(quantile(values, 0.5) / 0.6745 / 6.0);
            }
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
