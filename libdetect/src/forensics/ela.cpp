#include "forensics/ela.hpp"

#include "core/statistics.hpp"
#include "forensics/jpeg_quality.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <vector>

namespace libdetect::forensics {
namespace {

constexpr int kBlock = 8;  // the JPEG block grid
constexpr int kMaxJpegDimension = 65500;  // libjpeg's JPEG_MAX_DIMENSION

cv::Mat recompress(const cv::Mat& bgr, int quality) {
    std::vector<std::uint8_t> encoded;
    if (!cv::imencode(".jpg", bgr, encoded, {cv::IMWRITE_JPEG_QUALITY, quality}))
        throw Error("ELA: JPEG re-encoding failed");
    cv::Mat decoded = cv::imdecode(encoded, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    if (decoded.size() != bgr.size()) throw Error("ELA: JPEG re-decoding failed");
    return decoded;
}

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

    cv::Mat difference;
    cv::absdiff(bgr, recompress(bgr, resave_quality), difference);
    cv::Mat channel_max = difference.reshape(1, static_cast<int>(difference.total()));
    cv::reduce(channel_max, channel_max, 1, cv::REDUCE_MAX);
    channel_max = channel_max.reshape(1, bgr.rows);
    cv::Mat error;
    channel_max.convertTo(error, CV_32F);

    // Mean error per 8x8 block (partial blocks at the edges included).
    const int map_width = (bgr.cols + kBlock - 1) / kBlock;
    const int map_height = (bgr.rows + kBlock - 1) / kBlock;
    cv::Mat padded;
    cv::copyMakeBorder(error, padded, 0, map_height * kBlock - bgr.rows, 0,
                       map_width * kBlock - bgr.cols, cv::BORDER_REFLECT);
    cv::Mat blocks;
    cv::resize(padded, blocks, cv::Size(map_width, map_height), 0, 0, cv::INTER_AREA);

    std::vector<float> block_values(blocks.begin<float>(), blocks.end<float>());
    const double median = quantile(block_values, 0.5);
    const double p99 = quantile(block_values, 0.99);
    const double scale = kRelativeScale * median + kScaleFloor;

    if (context.heatmaps) result.heatmap = analysis::heatmap_from(cv::min(blocks / scale, 1.0));

    auto& evidence = result.evidence;
    evidence["resave_quality"] = std::int64_t{resave_quality};
    evidence["error_mean"] = cv::mean(error)[0];
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
