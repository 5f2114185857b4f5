#include "forensics/ela.hpp"

#include "core/statistics.hpp"
#include "forensics/jpeg_quality.hpp"
#include "forensics/jpeg_resave.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace libdetect::forensics {
namespace {

constexpr int kBlock = 8;  // the JPEG block grid
constexpr int kMaxJpegDimension = 65500;  // libjpeg's JPEG_MAX_DIMENSION

}  // namespace

AnalyzerResult ElaAnalyzer::analyze(const analysis::AnalysisContext& context) const {
    const cv::Mat& bgr = context.image.bgr;
    if (bgr.cols > kMaxJpegDimension || bgr.rows > kMaxJpegDimension)
        return analysis::not_applicable("the image is wider or taller than " +
                                        std::to_string(kMaxJpegDimension) +
                                        " px, the largest JPEG that can be re-saved");
    AnalyzerResult result;

    std::optional<JpegQualityEstimate> estimate;
    if (context.image.facts.jpeg) estimate = estimate_jpeg_quality(*context.image.facts.jpeg);
    const int resave_quality = kResaveQuality;

    // Mean error per 8x8 block (partial blocks at the edges included), a
    // strip at a time (jpeg_resave.hpp): strips start on multiples of 16, so
    // every block lies in one strip, and only the last strip is padded.
    const int map_width = (bgr.cols + kBlock - 1) / kBlock;
    const int map_height = (bgr.rows + kBlock - 1) / kBlock;
    cv::Mat blocks(map_height, map_width, CV_32F);
    std::uint64_t error_sum = 0;
    cv::Mat difference, channel_max, error, padded;
    resave_in_strips(bgr, resave_quality, kResaveStripRows,
                     [&](int first_row, const cv::Mat& original, const cv::Mat& resaved) {
        cv::absdiff(original, resaved, difference);
        channel_max = difference.reshape(1, static_cast<int>(difference.total()));
        cv::reduce(channel_max, channel_max, 1, cv::REDUCE_MAX);
        channel_max = channel_max.reshape(1, original.rows);
        error_sum += static_cast<std::uint64_t>(cv::sum(channel_max)[0]);
        channel_max.convertTo(error, CV_32F);
        const int block_rows = (original.rows + kBlock - 1) / kBlock;
        cv::copyMakeBorder(error, padded, 0, block_rows * kBlock - original.rows, 0,
                           map_width * kBlock - bgr.cols, cv::BORDER_REFLECT);
        cv::Mat strip_blocks = blocks.rowRange(first_row / kBlock, first_row / kBlock + block_rows);
        cv::resize(padded, strip_blocks, strip_blocks.size(), 0, 0, cv::INTER_AREA);
    });
    // As cv::mean of the float error plane computes it: an exact sum times
    // the reciprocal of the count.
    const double error_mean = double(error_sum) * (1.0 / double(bgr.total()));

    std::vector<float> block_values(blocks.begin<float>(), blocks.end<float>());
    const double median = quantile(block_values, 0.5);
    const double p99 = quantile(block_values, 0.99);
    const double scale = kRelativeScale * median + kScaleFloor;

    if (context.heatmaps) result.heatmap = analysis::heatmap_from(cv::min(blocks / scale, 1.0));

    auto& evidence = result.evidence;
    evidence["resave_quality"] = std::int64_t{resave_quality};
    evidence["error_mean"] = error_mean;
    evidence["block_error_median"] = median;
    evidence["block_error_p99"] = p99;
    evidence["heatmap_scale"] = scale;
    evidence["heatmap_block_size"] = std::int64_t{kBlock};
    if (estimate) {
        evidence["jpeg_quality_estimate"] = std::int64_t{estimate->quality};
        result.findings.jpeg_history = JpegHistory{estimate->quality};
        evidence["jpeg_standard_tables"] = estimate->standard_tables;
        evidence["jpeg_table_deviation"] = estimate->mean_abs_deviation;
    }
    evidence["interpretation"] = std::string(
        "Error levels are in gray levels after re-saving at resave_quality. A region much "
        "brighter or darker than similar texture elsewhere may have another compression "
        "history. Error also rises with texture and edges, so ELA is evidence for a person to "
        "read; it gives no probability (score is null).");
    return result;
}

}  // namespace libdetect::forensics
