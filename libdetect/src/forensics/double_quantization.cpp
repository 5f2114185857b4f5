#include "forensics/double_quantization.hpp"

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
constexpr double kMinGain = 0.01;       // nats per coefficient for a frequency to count as double compressed
constexpr double kMinCoefficients = 300;
constexpr int kCalibrationBlocks = 16384;  // enough for normalised histograms; caps the cost on large images

using Histogram = std::vector<double>;

int bin_of(int value) { return value + kMaxIndex; }
bool counted(int value) { return value != 0 && value >= -kMaxIndex && value <= kMaxIndex; }

// Normalised histogram with add-one smoothing.
Histogram normalised(Histogram h) {
    double total = 0.0;
    for (int i = 0; i < kBins; ++i)
        if (i != kMaxIndex) total += (h[i] += 1.0);
    for (double& v : h) v /= total;
    h[kMaxIndex] = 0.0;
    return h;
}

// How many q1 bins requantization by q2 sends to each q2 bin.
Histogram bins_merged(int q1, int q2) {
    Histogram n(kBins, 0.0);
    const int reach = (kMaxIndex + 1) * q2 / q1 + 1;
    for (int u = -reach; u <= reach; ++u) {
        const int x = static_cast<int>(std::lround(double(u) * q1 / q2));  // half away from zero, as libjpeg
        if (counted(x)) n[bin_of(x)] += 1.0;
    }
    return n;
}

Histogram double_model(const Histogram& single, int q1, int q2) {
    const Histogram n = bins_merged(q1, q2);
    Histogram model(kBins, 0.0);
    double total = 0.0;
    for (int i = 0; i < kBins; ++i) total += (model[i] = n[i] * single[i]);
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
            luma(cv::Rect(x, y, 8, 8)).copyTo(block);
            block -= 128.0;
            cv::dct(block, coefficients);
            for (std::size_t f = 0; f < frequencies.size(); ++f) {
                const int value = static_cast<int>(
                    std::lround(coefficients.at<float>(frequencies[f] / 8, frequencies[f] % 8) / steps[f]));
                if (counted(value)) h[f][bin_of(value)] += 1.0;
            }
        }
    return h;
}

}  // namespace

DoubleQuantization analyze_double_quantization(const io::LumaCoefficients& c, const cv::Mat& luma) {
    DoubleQuantization dq;
    for (int z : kZigzag) {
        dq.frequencies.push_back(z);
        dq.last_steps.push_back(c.quant_steps[z]);
    }
    const std::vector<Histogram> calibrated = calibration_histograms(luma, dq.frequencies, dq.last_steps);
    dq.block_llr = cv::Mat(c.block_rows, c.block_columns, CV_32F, cv::Scalar(0));
    const int blocks = c.block_rows * c.block_columns;

    for (std::size_t f = 0; f < dq.frequencies.size(); ++f) {
        const int z = dq.frequencies[f], q2 = dq.last_steps[f];
        Histogram observed(kBins, 0.0);
        double total = 0.0;
        for (int b = 0; b < blocks; ++b) {
            const int value = c.values[static_cast<std::size_t>(b) * 64 + z];
            if (counted(value)) observed[bin_of(value)] += 1.0, total += 1.0;
        }
        const Histogram single = normalised(calibrated[f]);
        int best_q1 = 0;
        double best_gain = 0.0;
        if (total >= kMinCoefficients) {
            const double base = log_likelihood(observed, single, single, 0.0);
            for (int q1 = 1; q1 <= std::min(3 * q2, 120); ++q1) {
                if (q1 == q2) continue;
                const double gain =
                    (log_likelihood(observed, double_model(single, q1, q2), single, kFitMixture) - base) / total;
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
        const Histogram model = double_model(single, best_q1, q2);
        float* llr = dq.block_llr.ptr<float>();
        for (int b = 0; b < blocks; ++b) {
            const int value = c.values[static_cast<std::size_t>(b) * 64 + z];
            if (!counted(value)) continue;
            const int i = bin_of(value);
            llr[b] += static_cast<float>(std::log(single[i] / ((1 - kMapMixture) * model[i] + kMapMixture * single[i])));
        }
    }
    return dq;
}

}  // namespace libdetect::forensics
