#include "forensics/jpeg_ghost.hpp"

#include "core/statistics.hpp"
#include "forensics/jpeg_quality.hpp"
#include "forensics/jpeg_resave.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace libdetect::forensics {
namespace {

constexpr int kQualities[] = {55, 65, 75, 85, 95};
constexpr int kMinSide = 4 * JpegGhostAnalyzer::kBlock;
constexpr int kMaxJpegDimension = 65500;
constexpr double kGhostThreshold = 0.4;   // curve-shape deviation that marks a block
constexpr double kHeatScale = 0.8;        // deviation mapped to 1.0
constexpr double kLevelFloor = 0.5;       // squared gray levels: keeps flat blocks stable

// Mean squared change per block of the luminance when re-saved at `quality`
// (a gray JPEG: a third of the work of colour, and the chroma planes are
// subsampled and coarsely quantized anyway), a strip at a time
// (jpeg_resave.hpp): strips start on multiples of 16, so every block lies in one.
cv::Mat block_change(const cv::Mat& gray, int quality, int rows, int cols) {
    cv::Mat blocks(rows, cols, CV_32F);
    cv::Mat a, b, diff;
    resave_in_strips(gray, quality, kResaveStripRows, [&](int first_row, const cv::Mat& original, const cv::Mat& resaved) {
        const int first_block = first_row / JpegGhostAnalyzer::kBlock;
        const int block_rows = std::min(rows, (first_row + original.rows) / JpegGhostAnalyzer::kBlock) - first_block;
        if (block_rows <= 0) return;
        const cv::Rect area(0, 0, cols * JpegGhostAnalyzer::kBlock, block_rows * JpegGhostAnalyzer::kBlock);
        original(area).convertTo(a, CV_32F);
        resaved(area).convertTo(b, CV_32F);
        cv::subtract(a, b, diff);
        diff = diff.mul(diff);
        cv::Mat strip_blocks = blocks.rowRange(first_block, first_block + block_rows);
        cv::resize(diff, strip_blocks, strip_blocks.size(), 0, 0, cv::INTER_AREA);
    });
    return blocks;
}

double median_of(const cv::Mat& m) {
    std::vector<float> v(m.begin<float>(), m.end<float>());
    return median_in_place(v);
}

}  // namespace

AnalyzerResult JpegGhostAnalyzer::analyze(const analysis::AnalysisContext& context) const {
    const auto& facts = context.image.facts;
    if (!facts.jpeg)
        return analysis::not_applicable("the file is " + facts.format +
                                        ", not JPEG: it carries no JPEG compression history");
    const cv::Mat& bgr = context.image.bgr;
    if (std::min(bgr.cols, bgr.rows) < kMinSide)
        return analysis::not_applicable("the image is smaller than " + std::to_string(kMinSide) + " px on a side");
    if (std::max(bgr.cols, bgr.rows) > kMaxJpegDimension)
        return analysis::not_applicable("the image is larger than JPEG's 65500 px limit and cannot be re-saved");

    const int rows = bgr.rows / kBlock, cols = bgr.cols / kBlock;
    // Each block's change curve over the qualities, divided by its own mean:
    // texture scales the curve, an earlier compression bends it (a dip near
    // the earlier quality). Blocks whose curve shape departs from the
    // picture's typical shape are marked.
    std::vector<cv::Mat> changes;
    std::vector<double> profile;
    const cv::Mat& gray = context.image.gray();
    for (const int quality : kQualities) {
        cv::Mat change = block_change(gray, quality, rows, cols);
        cv::blur(change, change, cv::Size(3, 3));
        profile.push_back(median_of(change));
        changes.push_back(change);
    }
    cv::Mat level(rows, cols, CV_32F, cv::Scalar(kLevelFloor));
    for (const auto& change : changes) level += change / double(changes.size());
    cv::Mat ghost(rows, cols, CV_32F, cv::Scalar(0));
    for (const auto& change : changes) {
        const cv::Mat shape = change / level;
        const cv::Mat deviation = cv::abs(shape - median_of(shape));
        ghost = cv::max(ghost, deviation);
    }
    const analysis::MarkedArea marked = analysis::marked_area(ghost > kGhostThreshold, double(ghost.total()));
    const double share = marked.share;

    AnalyzerResult result;
    result.score = marked.score;
    if (context.heatmaps) {
        result.heatmap = analysis::heatmap_from(cv::min(ghost / kHeatScale, 1.0));
    }
    auto& e = result.evidence;
    if (const auto estimate = estimate_jpeg_quality(*facts.jpeg)) {
        e["quality_estimate"] = std::int64_t{estimate->quality};
        result.findings.jpeg_history = JpegHistory{estimate->quality};
        e["standard_tables"] = estimate->standard_tables;
        e["table_deviation"] = estimate->mean_abs_deviation;
    }
    e["progressive"] = facts.jpeg->progressive;
    e["ghost_qualities"] = std::vector<double>(std::begin(kQualities), std::end(kQualities));
    e["ghost_profile"] = profile;
    e["ghost_block_share"] = share;
    e["interpretation"] = std::string(
        "ghost_profile is the median squared luminance change per pixel when re-saved at each of "
        "ghost_qualities. Each block's change curve over those qualities, relative to its own "
        "mean, is compared with the picture's typical curve: a region compressed before at "
        "another quality than its surroundings bends the curve differently (a JPEG ghost). "
        "Flat and saturated regions also bend it. Non-standard "
        "quantization tables point to a camera or a specific editor. The score is not calibrated.");
    return result;
}

}  // namespace libdetect::forensics
