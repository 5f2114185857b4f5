#include "forensics/double_jpeg.hpp"

#include "forensics/double_quantization.hpp"
#include "forensics/jpeg_quality.hpp"
#include "forensics/nonaligned_quantization.hpp"
#include "io/jpeg_coefficients.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace libdetect::forensics {
namespace {

constexpr int kMinSide = 64;
constexpr int kLumaStripRows = 1024;  // rows converted to YCrCb at a time
constexpr double kMarkedProbability = 0.9;  // of single compression, after pooling 3x3 blocks

}  // namespace

AnalyzerResult DoubleJpegAnalyzer::analyze(const analysis::AnalysisContext& context) const {
    const Image::Impl& image = context.image;
    if (!image.facts.jpeg || image.bytes.empty())
        return analysis::not_applicable("the input is not a JPEG file: there is no compression history to read");
    if (std::min(image.bgr.cols, image.bgr.rows) < kMinSide)
        return analysis::not_applicable("the image is smaller than " + std::to_string(kMinSide) +
                                        " px on a side: too few DCT blocks for histograms");
    std::string reason;
    const auto coefficients =
        io::read_luma_coefficients(image.bytes.data(), image.bytes.size(), double_quantization_frequencies(), reason);
    if (!coefficients) return analysis::not_applicable(reason);

    // JPEG's own luminance (YCrCb's Y, which rounds unlike the shared gray
    // plane), made a strip at a time: a whole YCrCb copy of a 100-MP photo
    // is 300 MB.
    cv::Mat luma(image.bgr.size(), CV_8U), ycrcb;
    for (int first = 0; first < image.bgr.rows; first += kLumaStripRows) {
        const cv::Range rows(first, std::min(image.bgr.rows, first + kLumaStripRows));
        cv::cvtColor(image.bgr.rowRange(rows), ycrcb, cv::COLOR_BGR2YCrCb);
        cv::Mat strip = luma.rowRange(rows);
        cv::extractChannel(ycrcb, strip, 0);
    }
    const DoubleQuantization dq = analyze_double_quantization(*coefficients, luma);

    AnalyzerResult result;
    auto& e = result.evidence;
    const bool double_compressed = dq.detected_frequencies >= 2;
    // Without an aligned pattern, look for a first save on another grid (a
    // crop between the saves); its map takes the aligned one's place.
    const NonalignedQuantization na = double_compressed ? NonalignedQuantization{} : analyze_nonaligned_quantization(luma);
    const cv::Mat& llr = double_compressed || !na.detected ? dq.block_llr : na.block_llr;
    // Spatial pooling (Bianchi & Piva): the evidence of neighbouring blocks
    // is summed before it is turned into a probability; 3x3 blocks for the
    // aligned model (9 coefficients a block), 5x5 for the non-aligned one
    // (one DC value a block).
    const int pool = double_compressed || !na.detected ? 3 : 5;
    cv::Mat pooled, probability;
    cv::boxFilter(llr, pooled, CV_32F, cv::Size(pool, pool), cv::Point(-1, -1), false, cv::BORDER_REPLICATE);
    cv::exp(-pooled, probability);
    probability = 1.0 / (1.0 + probability);
    analysis::MarkedArea marked;
    if (double_compressed || na.detected)
        marked = analysis::marked_area(probability > kMarkedProbability, double(probability.total()));
    else
        probability.setTo(0.0);  // nothing to compare against: no region is marked
    result.score = marked.score;
    if (context.heatmaps) {
        // JPEG blocks cover the image padded to a multiple of 8; cut the map to the image.
        const cv::Rect inside(0, 0, (image.bgr.cols + 7) / 8, (image.bgr.rows + 7) / 8);
        result.heatmap = analysis::heatmap_from(probability(inside & cv::Rect(0, 0, probability.cols, probability.rows)).clone());
    }
    e["nonaligned_double_compressed"] = na.detected;
    if (na.detected) {
        e["nonaligned_grid_shift"] = std::vector<double>{double(na.shift_y), double(na.shift_x)};
        e["nonaligned_dc_step"] = std::int64_t{na.dc_step};
        e["nonaligned_periodicity"] = na.periodicity;
        e["nonaligned_baseline"] = na.baseline;
    }

    std::vector<double> primary, last, gains;
    std::vector<std::pair<int, int>> fitted;
    for (std::size_t f = 0; f < dq.frequencies.size(); ++f) {
        primary.push_back(dq.primary_steps[f]);
        last.push_back(dq.last_steps[f]);
        gains.push_back(dq.gains[f]);
        if (dq.primary_steps[f] > 0) fitted.emplace_back(dq.frequencies[f], dq.primary_steps[f]);
    }
    e["double_compressed"] = double_compressed;
    e["frequencies_double"] = std::int64_t{dq.detected_frequencies};
    e["primary_steps"] = primary;
    e["last_steps"] = last;
    e["fit_gains"] = gains;
    if (double_compressed) e["primary_quality_estimate"] = std::int64_t{luminance_quality_for_steps(fitted)};
    e["marked_block_share"] = marked.share;
    e["interpretation"] = std::string(
        "primary_steps are the first save's quantization steps fitted in the 9 lowest AC DCT "
        "frequencies (zigzag order; 0: no double-compression pattern there), last_steps the file's "
        "own. With double compression found in at least 2 frequencies, blocks whose coefficients fit "
        "a single compression better (probability > 0.9 after pooling 3x3 blocks, in groups) are "
        "marked: a region pasted in or repainted between the two saves. A first save at a higher "
        "quality than the last hides the pattern; then double_compressed is false. Without it, a first "
        "save on another 8-px grid (a crop between the saves) is looked for: block DC values on that "
        "grid fall on multiples of the first DC step (nonaligned_grid_shift = [rows, columns] of its "
        "origin); blocks off that comb are marked. With neither, nothing is marked. The score is not "
        "calibrated.");
    return result;
}

}  // namespace libdetect::forensics
