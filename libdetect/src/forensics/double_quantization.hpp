// Aligned double JPEG compression (Lin et al. 2009; Bianchi & Piva 2012).
// A JPEG compressed at quantization step q1 and again at q2 keeps, in each
// DCT frequency, a periodic histogram: some q2 bins collect two q1 bins,
// some none. Regions pasted in before the last save (or repainted) lack that
// pattern. The single-compression histogram is estimated by calibration:
// the decoded luminance, shifted by 4 px off the JPEG grid, DCT-transformed
// and quantized with q2. Per frequency, q1 is fitted by maximum likelihood;
// each block gets the log-likelihood ratio "single vs double" of its
// coefficients.
#pragma once

#include "io/jpeg_coefficients.hpp"

#include <opencv2/core.hpp>

#include <vector>

namespace libdetect::forensics {

struct DoubleQuantization {
    static constexpr int kFrequencies = 9;   // the lowest AC frequencies, zigzag order
    std::vector<int> frequencies;            // natural indices (row * 8 + column)
    std::vector<int> last_steps;             // q2 per frequency
    std::vector<int> primary_steps;          // fitted q1; 0 where no double compression was found
    std::vector<double> gains;               // log-likelihood gain of the fit, nats per coefficient
    int detected_frequencies = 0;
    cv::Mat block_llr;                       // CV_32F, one per 8x8 block: log P(single)/P(double)
};

// The DCT frequencies (natural indices) the analysis reads: read only these
// (io::read_luma_coefficients).
std::vector<int> double_quantization_frequencies();

// coefficients: those of double_quantization_frequencies(), else InvalidArgument.
// luma: the decoded luminance (CV_8U, or CV_32F in 0-255) of the same image.
DoubleQuantization analyze_double_quantization(const io::LumaCoefficients& coefficients, const cv::Mat& luma);

}  // namespace libdetect::forensics
