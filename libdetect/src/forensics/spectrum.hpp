// Spectral features of a high-pass residual, shared by the frequency
// analyzer (which applies the linear model) and by the training script (which
// reads the same numbers from the analyzer's evidence, so training and
// inference cannot drift apart).
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <string>
#include <vector>

namespace libdetect::forensics {

struct SpectralFeatures {
    static constexpr int kTile = 128;          // FFT size (power of two)
    static constexpr int kRadialBins = 32;     // over radial frequency (0, 0.5] cycles/px
    static constexpr std::array<int, 3> kPeriods = {2, 4, 8};  // up-sampling factors

    // Mean log power per radial bin, minus the mean over the bins: the shape
    // of the spectrum, independent of contrast.
    std::vector<double> radial_profile;
    // Least-squares slope of that log power against log frequency over
    // 0.25-0.5 cycles/px: how fast high frequencies die away.
    double high_frequency_slope = 0.0;
    // For each period k: log power at the frequency 1/k (axes and diagonals,
    // the strongest) above the median of its 5x5 neighbourhood. Up-sampling
    // by k and the 8-px JPEG grid both raise these.
    std::vector<double> periodic_peaks;

    // profile, slope, peaks: the model's input order.
    std::vector<double> vector() const;
    static std::vector<std::string> names();
};

struct SpectralAnalysis {
    SpectralFeatures image;                   // from the mean log spectrum of all tiles
    std::vector<SpectralFeatures> tiles;      // one per tile, row-major
    int tile_columns = 0, tile_rows = 0;
    std::vector<bool> tile_textured;          // false: residual too flat to measure
    int textured_tiles = 0;
};

// Gray image (CV_8U, or CV_32F in 0-255) at least kTile on each side. Tiles of kTile px
// spread evenly so that together they cover the whole image.
SpectralAnalysis analyze_spectrum(const cv::Mat& gray);

}  // namespace libdetect::forensics
