#include "forensics/double_quantization.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace libdetect::forensics {
namespace {

constexpr int kZigzag[DoubleQuantization::kFrequencies] = {1, 8, 16, 9, 2, 3, 10, 17, 24};
constexpr int kMaxIndex = 40;           // histograms over quantized values -40..40, 0 left out
constexpr int kBins = 2 * kMaxIndex + 1;
constexpr double kFitMixture = 0.1;     // share of single-compressed coefficients allowed while fitting q1
constexpr double kMapMixture = 0.05;    // the same for the block map; bounds each log ratio
constexpr double kRoundingNoise = 0.6;  // deviation of a coefficient after pixel rounding and clipping
constexpr double kMinGain = 0.02;       // nats per coefficient for a frequency to count as double compressed
constexpr double kMinCoefficients = 300;
constexpr int kCalibrationBlocks = 16384;  // enough for normalised histograms; caps the cost on large images

using Histogram = std::vector<double>;

int bin_of(int value) { return value + kMaxIndex; }
bool counted(int value) { return value != 0 && value >= -kMaxIndex && value <= kMaxIndex; }

// The single-compression distribution over the counted bins (zero left out).
Histogram normalised(Histogram h) {
    h[kMaxIndex] = 0.0;
    double total = 0.0;
    for (double v : h) total += v;
    for (double& v : h) v /= total;
    return h;
}

// The histogram double compression leaves: each q1 bin (its mass read off
// the calibrated single-compression density at its centre) lands in the q2
// bins around it, spread by the rounding of pixels between the two saves
// (Gaussian, kRoundingNoise in DCT units). Without that spread, coefficients
// of +-1 from rounding alone would look like proof of single compression.
Histogram double_model(const Histogram& density, int q1, int q2) {
    Histogram model(kBins, 0.0);
    const int reach = (kMaxIndex + 2) * q2 / q1 + 1;
    auto cdf = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
    for (int u = -reach; u <= reach; ++u) {
        const double centre = double(u) * q1;
        const int nearest = static_cast<int>(std::lround(centre / q2));
        if (nearest < -kMaxIndex || nearest > kMaxIndex) continue;
        const double mass = density[bin_of(nearest)] * q1 / q2;
        for (int x = nearest - 3; x <= nearest + 3; ++x) {
            if (!counted(x)) continue;
            const double w = cdf(((x + 0.5) * q2 - centre) / kRoundingNoise) - cdf(((x - 0.5) * q2 - centre) / kRoundingNoise);
            model[bin_of(x)] += mass * w;
        }
    }
    double total = 0.0;
    for (double v : model) total += v;
    if (total > 0)
        for (double& v : model) v /= total;
    return model;
}

double log_likelihood(const Histogram& observed, const Histogram& model, const Histogram& single, double mixture) {
    double sum = 0.0;
    for (int i = 0; i < kBins; ++i)
        if (observed[i] > 0) sum += observed[i] * std::log((1 - mixture) * model[i] + mixture * single[i]);
    return sum;
}

// Quantized DCT values of the luminance shifted by 4 px: an image whose
// histograms look singly compressed at q2, whatever happened before.
std::vector<Histogram> calibration_histograms(const cv::Mat& luma, const std::vector<int>& frequencies,
                                              const std::vector<int>& steps) {
    std::vector<Histogram> h(frequencies.size(), Histogram(kBins, 0.0));
    const double blocks = double(luma.rows / 8) * double(luma.cols / 8);
    const int stride = 8 * std::max(1, int(std::ceil(std::sqrt(blocks / kCalibrationBlocks))));
    cv::Mat block(8, 8, CV_32F), coefficients;
    for (int y = 4; y + 8 <= luma.rows; y += stride)
        for (int x = 4; x + 8 <= luma.cols; x += stride) {
            luma(cv::Rect(x, y, 8, 8)).convertTo(block, CV_32F);
            block -= 128.0;
            cv::dct(block, coefficients);
            for (std::size_t f = 0; f < frequencies.size(); ++f) {
                const int value = static_cast<int>(
                    std::lround(coefficients.at<float>(frequencies[f] / 8, frequencies[f] % 8) / steps[f]));
                if (value >= -kMaxIndex && value <= kMaxIndex) h[f][bin_of(value)] += 1.0;
            }
        }
    for (auto& histogram : h)
        for (double& v : histogram) v += 1.0;  // add-one smoothing; the zero bin stays in
    return h;
}

}  // namespace

std::vector<int> double_quantization_frequencies() { return {std::begin(kZigzag), std::end(kZigzag)}; }

DoubleQuantization analyze_double_quantization(const io::LumaCoefficients& c, const cv::Mat& luma) {
    DoubleQuantization dq;
    dq.frequencies = double_quantization_frequencies();
    if (c.frequencies != dq.frequencies)
        throw InvalidArgument("double quantization needs the coefficients of double_quantization_frequencies()");
    for (int z : dq.frequencies) dq.last_steps.push_back(c.quant_steps[z]);
    const std::vector<Histogram> calibrated = calibration_histograms(luma, dq.frequencies, dq.last_steps);
    dq.block_llr = cv::Mat(c.block_rows, c.block_columns, CV_32F, cv::Scalar(0));
    const int blocks = c.block_rows * c.block_columns;

    for (std::size_t f = 0; f < dq.frequencies.size(); ++f) {
        const int q2 = dq.last_steps[f];
        Histogram observed(kBins, 0.0);
        double total = 0.0;
        for (int b = 0; b < blocks; ++b) {
            const int value = c.value(std::size_t(b), f);
            if (counted(value)) observed[bin_of(value)] += 1.0, total += 1.0;
        }
        const Histogram single = normalised(calibrated[f]);
        int best_q1 = 0;
        double best_gain = 0.0;
        if (total >= kMinCoefficients) {
            const double base = log_likelihood(observed, single, single, 0.0);
            for (int q1 = 1; q1 <= std::min(std::max(3 * q2, 16), 120); ++q1) {
                if (q2 % q1 == 0) continue;  // q1 divides q2 (or equals it): no pattern is left
                const double gain =
                    (log_likelihood(observed, double_model(calibrated[f], q1, q2), single, kFitMixture) - base) / total;
                if (gain > best_gain) best_gain = gain, best_q1 = q1;
            }
        }
        dq.gains.push_back(best_gain);
        if (best_gain < kMinGain) {
            dq.primary_steps.push_back(0);
            continue;
        }
        dq.primary_steps.push_back(best_q1);
        ++dq.detected_frequencies;
        const Histogram model = double_model(calibrated[f], best_q1, q2);
        float* llr = dq.block_llr.ptr<float>();
        for (int b = 0; b < blocks; ++b) {
            const int value = c.value(std::size_t(b), f);
            if (!counted(value)) continue;
            const int i = bin_of(value);
            llr[b] += static_cast<float>(std::log(single[i] / ((1 - kMapMixture) * model[i] + kMapMixture * single[i])));
        }
    }
    return dq;
}

}  // namespace libdetect::forensics
