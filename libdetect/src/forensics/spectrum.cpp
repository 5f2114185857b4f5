#include "forensics/spectrum.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace libdetect::forensics {
namespace {

constexpr int N = SpectralFeatures::kTile;
constexpr int kBins = SpectralFeatures::kRadialBins;
constexpr double kFlatVariance = 1e-4;   // residual variance of a flat tile (gray levels^2)
constexpr float kLogFloor = 1e-3f;       // keeps log() finite on zero power

// Radial bin of every DFT coefficient; -1 for DC and beyond 0.5 cycles/px.
const std::vector<int>& radial_bins() {
    static const std::vector<int> bins = [] {
        std::vector<int> b(N * N, -1);
        for (int v = 0; v < N; ++v)
            for (int u = 0; u < N; ++u) {
                const double fu = double(std::min(u, N - u)) / N, fv = double(std::min(v, N - v)) / N;
                const double r = std::hypot(fu, fv);
                if (r <= 0.0 || r > 0.5) continue;
                b[v * N + u] = std::min(kBins - 1, int(std::ceil(r * 2 * kBins)) - 1);
            }
        return b;
    }();
    return bins;
}

const cv::Mat& hann_window() {
    static const cv::Mat window = [] {
        cv::Mat w;
        cv::createHanningWindow(w, cv::Size(N, N), CV_32F);
        return w;
    }();
    return window;
}

SpectralFeatures features_of(const cv::Mat& log_power) {
    const auto& bins = radial_bins();
    std::vector<double> sum(kBins, 0.0);
    std::vector<int> count(kBins, 0);
    const float* data = log_power.ptr<float>();
    for (int i = 0; i < N * N; ++i)
        if (bins[i] >= 0) {
            sum[bins[i]] += data[i];
            ++count[bins[i]];
        }
    SpectralFeatures f;
    f.radial_profile.resize(kBins);
    for (int b = 0; b < kBins; ++b) f.radial_profile[b] = sum[b] / count[b];
    double mean = 0.0;
    for (double v : f.radial_profile) mean += v;
    mean /= kBins;
    for (double& v : f.radial_profile) v -= mean;

    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int n = 0;
    for (int b = kBins / 2; b < kBins; ++b) {
        const double x = std::log((b + 0.5) / (2.0 * kBins)), y = f.radial_profile[b];
        sx += x, sy += y, sxx += x * x, sxy += x * y, ++n;
    }
    f.high_frequency_slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);

    auto at = [&](int v, int u) { return log_power.at<float>((v + N) % N, (u + N) % N); };
    for (int k : SpectralFeatures::kPeriods) {
        const int p = N / k;
        const int positions[4][2] = {{0, p}, {p, 0}, {p, p}, {p, N - p}};
        double best = -1e9;
        for (const auto& pos : positions) {
            std::vector<float> around;
            for (int dv = -2; dv <= 2; ++dv)
                for (int du = -2; du <= 2; ++du)
                    if (dv != 0 || du != 0) around.push_back(at(pos[0] + dv, pos[1] + du));
            std::nth_element(around.begin(), around.begin() + 12, around.end());
            best = std::max(best, double(at(pos[0], pos[1])) - around[12]);
        }
        f.periodic_peaks.push_back(best);
    }
    return f;
}

std::vector<int> tile_origins(int length) {
    const int count = (length + N - 1) / N;
    std::vector<int> origins(count, 0);
    for (int i = 1; i < count; ++i) origins[i] = int(std::lround(double(i) * (length - N) / (count - 1)));
    return origins;
}

// A 3x3 median residual removes the picture's content and keeps the traces
// a generator's last layers and a camera's pipeline leave. It is made for
// one tile at a time from the tile and the ring of pixels around it
// (replicated at the image's edges, as medianBlur does for the whole image),
// so that a 100-MP photo needs no full-size float planes (1.2 GB).
void residual_tile(const cv::Mat& gray, int x, int y, cv::Mat& tile) {
    const cv::Rect inside = cv::Rect(x - 1, y - 1, N + 2, N + 2) & cv::Rect(0, 0, gray.cols, gray.rows);
    cv::Mat patch, median;
    cv::copyMakeBorder(gray(inside), patch, inside.y - (y - 1), (y + N + 1) - inside.br().y, inside.x - (x - 1),
                       (x + N + 1) - inside.br().x, cv::BORDER_REPLICATE | cv::BORDER_ISOLATED);
    cv::medianBlur(patch, median, 3);
    cv::Mat centre, centre_median;
    patch(cv::Rect(1, 1, N, N)).convertTo(centre, CV_32F);
    median(cv::Rect(1, 1, N, N)).convertTo(centre_median, CV_32F);
    cv::subtract(centre, centre_median, tile);
}

}  // namespace

std::vector<double> SpectralFeatures::vector() const {
    std::vector<double> v = radial_profile;
    v.push_back(high_frequency_slope);
    v.insert(v.end(), periodic_peaks.begin(), periodic_peaks.end());
    return v;
}

std::vector<std::string> SpectralFeatures::names() {
    std::vector<std::string> names;
    for (int b = 0; b < kRadialBins; ++b) names.push_back("radial_profile[" + std::to_string(b) + "]");
    names.emplace_back("high_frequency_slope");
    for (int k : kPeriods) names.push_back("periodic_peak_1/" + std::to_string(k));
    return names;
}

SpectralAnalysis analyze_spectrum(const cv::Mat& gray) {
    CV_Assert((gray.type() == CV_32F || gray.type() == CV_8U) && gray.cols >= N && gray.rows >= N);
    SpectralAnalysis result;
    const std::vector<int> xs = tile_origins(gray.cols), ys = tile_origins(gray.rows);
    result.tile_columns = int(xs.size());
    result.tile_rows = int(ys.size());
    cv::Mat mean_log_power(N, N, CV_32F, cv::Scalar(0)), tile, spectrum, planes[2], power;
    for (int y : ys)
        for (int x : xs) {
            residual_tile(gray, x, y, tile);
            cv::Scalar mean, deviation;
            cv::meanStdDev(tile, mean, deviation);
            if (deviation[0] * deviation[0] < kFlatVariance) {
                result.tiles.emplace_back();
                result.tile_textured.push_back(false);
                continue;
            }
            tile -= mean[0];
            tile = tile.mul(hann_window());
            cv::dft(tile, spectrum, cv::DFT_COMPLEX_OUTPUT);
            cv::split(spectrum, planes);
            cv::magnitude(planes[0], planes[1], power);
            power = power.mul(power) + kLogFloor;
            cv::log(power, power);
            mean_log_power += power;
            result.tiles.push_back(features_of(power));
            result.tile_textured.push_back(true);
            ++result.textured_tiles;
        }
    if (result.textured_tiles > 0) result.image = features_of(mean_log_power / result.textured_tiles);
    return result;
}

}  // namespace libdetect::forensics
