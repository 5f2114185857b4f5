#include "forensics/nonaligned_quantization.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

namespace libdetect::forensics {
namespace {

constexpr int kMinStep = 3;             // DC steps below 3 (quality >= 92) leave too faint a comb
constexpr int kMaxStep = 40;
constexpr double kMinBlockDeviation = 1.5;  // gray levels; flat blocks cluster at any shift
constexpr double kMinPeriodicity = 0.25;
constexpr double kMinRatio = 3.0;       // over the median of the other shifts
constexpr int kMinBlocks = 64;
constexpr std::size_t kSearchBlocks = 1024;  // per shift while searching; the map uses every block
constexpr double kMapMixture = 0.05;

constexpr int kStripRows = 256;  // block rows are visited a strip at a time (a multiple of 8)

struct Shift {
    int y = 0, x = 0;
};

// Calls visit(shift index, DC, cell) for every textured 8x8 block of every
// shift in `shifts`, each shift's blocks in row-major order. The box sums
// come from integral images of one strip of rows at a time (plus the 8 rows
// a block may reach below it): those of a whole 100-MP photo would take
// 1.6 GB. Sums of 8-bit values are exact in double, so every figure equals
// the whole-image computation.
template <class Visit>
void for_each_textured_block(const cv::Mat& luma, const std::vector<Shift>& shifts, Visit visit) {
    cv::Mat sum, squares;
    for (int first = 0; first < luma.rows; first += kStripRows) {
        const int last = std::min(luma.rows, first + kStripRows + 8);
        cv::integral(luma.rowRange(first, last), sum, squares, CV_64F, CV_64F);
        for (std::size_t k = 0; k < shifts.size(); ++k) {
            const Shift shift = shifts[k];
            for (int y = first + shift.y; y < first + kStripRows && y + 8 <= luma.rows; y += 8)
                for (int x = shift.x; x + 8 <= luma.cols; x += 8) {
                    const int top = y - first;
                    auto box = [&](const cv::Mat& m) {
                        return m.at<double>(top + 8, x + 8) - m.at<double>(top, x + 8) - m.at<double>(top + 8, x) +
                               m.at<double>(top, x);
                    };
                    const double s = box(sum), s2 = box(squares);
                    const double variance = s2 / 64.0 - (s / 64.0) * (s / 64.0);
                    if (variance < kMinBlockDeviation * kMinBlockDeviation) continue;
                    // JPEG's DC: level shift by 128, orthonormal scaling.
                    visit(k, (s - 64.0 * 128.0) / 8.0, cv::Point((x - shift.x) / 8, (y - shift.y) / 8));
                }
        }
    }
}

// exp(2 pi i m / (8 q)) for m < 8q, per step q: DC values are multiples of
// 1/8 (a block sum of integers over 8), so a table replaces sin and cos.
const std::vector<std::vector<std::complex<double>>>& phase_tables() {
    static const auto tables = [] {
        std::vector<std::vector<std::complex<double>>> t(kMaxStep + 1);
        for (int q = kMinStep; q <= kMaxStep; ++q)
            for (int m = 0; m < 8 * q; ++m) t[q].push_back(std::polar(1.0, 2.0 * M_PI * m / (8.0 * q)));
        return t;
    }();
    return tables;
}

// Strongest comb over the candidate steps: (periodicity, step).
std::pair<double, int> periodicity(const std::vector<double>& dc) {
    const auto& tables = phase_tables();
    std::vector<long> eighths;
    eighths.reserve(dc.size());
    for (double v : dc) eighths.push_back(std::lround(8.0 * v));
    std::pair<double, int> best{0.0, 0};
    for (int q = kMinStep; q <= kMaxStep; ++q) {
        const long period = 8L * q;
        std::complex<double> sum = 0.0;
        for (long e : eighths) sum += tables[q][static_cast<std::size_t>(((e % period) + period) % period)];
        const double p = std::abs(sum) / double(dc.size());
        // A comb at step q also shows at its divisors; prefer the largest step
        // that is nearly as strong (the true step, not a divisor of it).
        if (p > best.first || (best.second > 0 && p > 0.8 * best.first && q % best.second == 0)) best = {p, q};
    }
    return best;
}

}  // namespace

NonalignedQuantization analyze_nonaligned_quantization(const cv::Mat& luma) {
    NonalignedQuantization result;
    if (luma.rows < 64 || luma.cols < 64) return result;
    // Every shift but the last save's own grid, in the order the search
    // compares them.
    std::vector<Shift> shifts;
    for (int sy = 0; sy < 8; ++sy)
        for (int sx = 0; sx < 8; ++sx)
            if (sy != 0 || sx != 0) shifts.push_back({sy, sx});
    // The search uses an even sample of at most kSearchBlocks textured blocks
    // per shift, which needs their count first: two passes.
    std::vector<std::size_t> counts(shifts.size(), 0);
    for_each_textured_block(luma, shifts, [&](std::size_t k, double, cv::Point) { ++counts[k]; });
    std::vector<std::vector<double>> samples(shifts.size());
    std::vector<std::size_t> seen(shifts.size(), 0);
    for_each_textured_block(luma, shifts, [&](std::size_t k, double dc, cv::Point) {
        const std::size_t ordinal = seen[k]++;
        if (counts[k] < std::size_t(kMinBlocks)) return;
        if (counts[k] <= kSearchBlocks) {
            samples[k].push_back(dc);
            return;
        }
        // The blocks at size_t(i * stride), i < kSearchBlocks.
        const double stride = double(counts[k]) / kSearchBlocks;
        if (samples[k].size() < kSearchBlocks && ordinal == std::size_t(double(samples[k].size()) * stride))
            samples[k].push_back(dc);
    });

    std::vector<double> strengths;
    double best = 0.0;
    int best_step = 0, best_y = 0, best_x = 0;
    for (std::size_t k = 0; k < shifts.size(); ++k) {
        if (counts[k] < std::size_t(kMinBlocks)) continue;
        const auto [p, q] = periodicity(samples[k]);
        strengths.push_back(p);
        if (p > best) best = p, best_step = q, best_y = shifts[k].y, best_x = shifts[k].x;
    }
    if (strengths.size() < 8) return result;
    std::nth_element(strengths.begin(), strengths.begin() + strengths.size() / 2, strengths.end());
    result.baseline = strengths[strengths.size() / 2];
    result.periodicity = best;
    result.detected = best >= kMinPeriodicity && best >= kMinRatio * result.baseline;
    if (!result.detected) return result;
    result.shift_y = best_y;
    result.shift_x = best_x;
    result.dc_step = best_step;

    // Per block: how far its DC lies from the first save's comb. Blocks of
    // the first save sit near a multiple of the step, spread by the last
    // save's quantization; others anywhere (uniform over one step). The
    // spread follows from the comb's strength: for a wrapped Gaussian of
    // deviation s (in steps), |mean exp(2 pi i r)| = exp(-2 pi^2 s^2).
    result.block_llr = cv::Mat((luma.rows + 7) / 8, (luma.cols + 7) / 8, CV_32F, cv::Scalar(0));
    const double sigma = std::clamp(std::sqrt(-std::log(best) / (2 * M_PI * M_PI)), 0.03, 0.3);
    for_each_textured_block(luma, {Shift{best_y, best_x}}, [&](std::size_t, double dc, cv::Point cell) {
        const double r = dc / best_step - std::round(dc / best_step);  // -0.5..0.5
        const double first = std::exp(-0.5 * r * r / (sigma * sigma)) / (sigma * std::sqrt(2 * M_PI));
        const double other = 1.0;  // uniform density over one step
        const double llr = std::log(other / ((1 - kMapMixture) * first + kMapMixture * other));
        if (cell.y < result.block_llr.rows && cell.x < result.block_llr.cols)
            result.block_llr.at<float>(cell.y, cell.x) = static_cast<float>(llr);
    });
    return result;
}

}  // namespace libdetect::forensics
