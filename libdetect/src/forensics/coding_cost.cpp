#include "forensics/coding_cost.hpp"

#include "forensics/ai_model_record.hpp"
#include "fusion/logistic_model.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgproc.hpp>
#include <webp/encode.h>

#include <cmath>
#include <memory>
#include <optional>

namespace libdetect::forensics {
namespace {

const std::optional<fusion::LogisticModel>& coding_cost_model() {
    static const std::optional<fusion::LogisticModel> model =
        fusion::LogisticModel::embedded(CodingCostAnalyzer::kModelFile, coding_cost_feature_names());
    return model;
}

// libwebp hands the encoded bytes to a writer; only their number matters.
int count_bytes(const std::uint8_t*, std::size_t size, const WebPPicture* picture) {
    *static_cast<std::size_t*>(picture->custom_ptr) += size;
    return 1;
}

cv::Mat half_of(const cv::Mat& gray) {
    cv::Mat half;
    cv::resize(gray, half, cv::Size(gray.cols / 2, gray.rows / 2), 0, 0, cv::INTER_AREA);
    return half;
}

}  // namespace

const std::vector<std::string>& coding_cost_feature_names() {
    static const std::vector<std::string> names = {"bits_full_minus_half", "bits_half_minus_quarter"};
    return names;
}

std::vector<double> CodingCost::features() const { return {bits_full - bits_half, bits_half - bits_quarter}; }

double webp_lossless_bits_per_pixel(const cv::Mat& gray) {
    CV_Assert(gray.type() == CV_8UC1 && !gray.empty());
    // The settings of WebPEncodeLosslessRGB (what OpenCV's imencode uses for
    // lossless WebP): the default preset at quality 70, method 4. Driving the
    // encoder directly only spares the copy of the output.
    WebPConfig config;
    WebPPicture picture;
    if (!WebPConfigPreset(&config, WEBP_PRESET_DEFAULT, 70.f) || !WebPPictureInit(&picture))
        throw Error("libwebp: incompatible library version");
    config.lossless = 1;
    picture.use_argb = 1;
    picture.width = gray.cols;
    picture.height = gray.rows;
    std::size_t bytes = 0;
    picture.writer = count_bytes;
    picture.custom_ptr = &bytes;
    std::unique_ptr<WebPPicture, void (*)(WebPPicture*)> owned(&picture, WebPPictureFree);
    cv::Mat rgb;
    cv::cvtColor(gray, rgb, cv::COLOR_GRAY2RGB);
    if (!WebPPictureImportRGB(&picture, rgb.ptr(), static_cast<int>(rgb.step)) || !WebPEncode(&config, &picture))
        throw Error("libwebp could not code a " + std::to_string(gray.cols) + "x" + std::to_string(gray.rows) +
                    " image (error " + std::to_string(picture.error_code) + ")");
    return 8.0 * double(bytes) / double(gray.total());
}

cv::Rect coding_cost_crop(const cv::Size& size) {
    // Centred, at even offsets and of even size, so that the half copy
    // averages whole 2x2 blocks.
    const int width = std::min(size.width, CodingCostAnalyzer::kCrop) & ~1;
    const int height = std::min(size.height, CodingCostAnalyzer::kCrop) & ~1;
    return {((size.width - width) / 2) & ~1, ((size.height - height) / 2) & ~1, width, height};
}

CodingCost measure_coding_cost(const cv::Mat& gray) {
    CV_Assert(gray.type() == CV_8UC1);
    const cv::Rect box = coding_cost_crop(gray.size());
    const int width = box.width, height = box.height;
    const cv::Mat crop = gray(box);
    const cv::Mat half = half_of(crop);
    CodingCost cost;
    cost.crop_width = width;
    cost.crop_height = height;
    cost.bits_full = webp_lossless_bits_per_pixel(crop);
    cost.bits_half = webp_lossless_bits_per_pixel(half);
    cost.bits_quarter = webp_lossless_bits_per_pixel(half_of(half));
    return cost;
}

AnalyzerResult CodingCostAnalyzer::analyze(const analysis::AnalysisContext& context) const {
    const cv::Mat& bgr = context.image.bgr;
    if (std::min(bgr.cols, bgr.rows) < kMinSide)
        return analysis::not_applicable("the image is smaller than " + std::to_string(kMinSide) +
                                        " px on a side: too little to measure a coding cost across scales");
    if (analysis::is_uniform(bgr))
        return analysis::not_applicable("the image is one uniform colour: there is nothing to code");
    // Only the crop is converted: a 100-MP photo needs 0.26 MP of luma.
    cv::Mat gray;
    cv::cvtColor(bgr(coding_cost_crop(bgr.size())), gray, cv::COLOR_BGR2GRAY);
    const CodingCost cost = measure_coding_cost(gray);

    AnalyzerResult result;
    auto& e = result.evidence;
    const auto& model = coding_cost_model();
    if (model) {
        analysis::set_ai_generation(result, model->probability(cost.features()), ai_model_record(*model));
    } else {
        e["model"] = std::string("none: this build has no ") + kModelFile;
    }
    e["bits_per_pixel_full"] = cost.bits_full;
    e["bits_per_pixel_half"] = cost.bits_half;
    e["bits_per_pixel_quarter"] = cost.bits_quarter;
    e["bits_full_minus_half"] = cost.bits_full - cost.bits_half;
    e["bits_half_minus_quarter"] = cost.bits_half - cost.bits_quarter;
    e["crop_width"] = std::int64_t{cost.crop_width};
    e["crop_height"] = std::int64_t{cost.crop_height};
    e["interpretation"] = std::string(
        "Lossless coding cost (WebP lossless, bits per pixel) of the luma of a centred crop of at most 512 px, "
        "at full, half and quarter resolution. Generated images are expected to be cheaper to code at a finer "
        "scale, relative to the next coarser one, than camera photographs (ZED, Cozzolino et al. 2024). The "
        "direction is fixed in advance, not learned: the score is a logistic function of minus the sum of the "
        "two differences (full - half, half - quarter), each standardised by real photographs. It is a weak, "
        "training-free cue, shifted by resizing, sharpening and heavy JPEG compression: "
        "model_leave_source_out_auc is its AUC on development-set generator sources (model card: "
        "models/coding-cost-lr.md). Never rely on it alone.");
    return result;
}

std::vector<ModelInfo> CodingCostAnalyzer::models() const {
    if (!coding_cost_model()) return {};
    return {model_info(*coding_cost_model(), kModelFile, kName)};
}

}  // namespace libdetect::forensics
