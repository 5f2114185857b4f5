#include <libdetect/error.hpp>
#include <libdetect/hashes.hpp>
#include <libdetect/source.hpp>

#include "analysis/analyzer.hpp"
#include "hash/pdq.hpp"
#include "io/image_impl.hpp"
#include "pipeline/parallel.hpp"
#include "source/difference.hpp"
#include "source/registration.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <numeric>

LIBDETECT_NAMESPACE_BEGIN
namespace {

constexpr int kWorkSide = 1024;  // registration and differencing resolution (long side)
constexpr int kMinInliersWithPdqMatch = 8;

// The image at working resolution and the scale from full to working pixels.
struct Working {
    cv::Mat bgr;
    cv::Mat gray;
    double scale = 1.0;
};

Working working_copy(const cv::Mat& bgr) {
    Working w;
    w.scale = std::min(1.0, double(kWorkSide) / std::max(bgr.cols, bgr.rows));
    if (w.scale < 1.0) cv::resize(bgr, w.bgr, cv::Size(), w.scale, w.scale, cv::INTER_AREA);
    else w.bgr = bgr;
    cv::cvtColor(w.bgr, w.gray, cv::COLOR_BGR2GRAY);
    return w;
}

// PDQ of the whole picture and of the cells of a 3x3 grid (in relative
// coordinates, so a resized copy has the same cells).
struct Fingerprint {
    PdqHash whole;
    std::array<PdqHash, 9> cells;
};

Fingerprint fingerprint(const cv::Mat& bgr) {
    Fingerprint print;
    print.whole = hash::pdq_hash(bgr);
    for (int row = 0; row < 3; ++row)
        for (int col = 0; col < 3; ++col) {
            const int x0 = bgr.cols * col / 3, x1 = bgr.cols * (col + 1) / 3;
            const int y0 = bgr.rows * row / 3, y1 = bgr.rows * (row + 1) / 3;
            print.cells[row * 3 + col] = hash::pdq_hash(bgr(cv::Rect(x0, y0, x1 - x0, y1 - y0)));
        }
    return print;
}

// Flat cells (sky, walls) hash unreliably and would match any other flat cell.
int region_distance(const Fingerprint& a, const Fingerprint& b) {
    int best = 256;
    for (std::size_t i = 0; i < a.cells.size(); ++i)
        if (a.cells[i].quality >= PdqHash::kMinUsefulQuality && b.cells[i].quality >= PdqHash::kMinUsefulQuality)
            best = std::min(best, a.cells[i].distance(b.cells[i]));
    return best;
}


}  // namespace

SourceMatch find_source(const Image& suspect, const std::vector<std::string>& candidates,
                        const SourceSearchOptions& options, const ProgressCallback& progress) {
    if (options.verify_top < 1 || options.min_inliers < 4 || options.list_top < 1)
        throw InvalidArgument("source search needs verify_top >= 1, min_inliers >= 4, list_top >= 1");
    SourceMatch result;
    const auto variants = hash::pdq_dihedral_hashes(detail::impl_of(suspect).bgr).hashes;
    const Fingerprint suspect_print = fingerprint(detail::impl_of(suspect).bgr);

    // 1. Rank every candidate by its nearest whole-picture or grid-cell hash.
    std::vector<SourceCandidate> ranked(candidates.size());
    pipeline::parallel_for(
        candidates.size(), options.threads,
        [&](std::size_t i) {
            SourceCandidate& candidate = ranked[i];
            candidate.file = candidates[i];
            try {
                const Image image = Image::from_file(candidates[i], options.limits);
                if (image.sha256() == suspect.sha256()) {
                    candidate.error = "skipped: identical to the suspect (same SHA-256)";
                    return;
                }
                const Fingerprint print = fingerprint(detail::impl_of(image).bgr);
                for (const auto& variant : variants)
                    candidate.pdq_distance = std::min(candidate.pdq_distance, print.whole.distance(variant));
                candidate.region_distance = region_distance(suspect_print, print);
            } catch (const Error& e) {
                candidate.error = std::string(e.type()) + ": " + e.what();
            } catch (const std::exception& e) {
                candidate.error = std::string("error: ") + e.what();
            }
        },
        progress);
    const auto rank_of = [](const SourceCandidate& c) { return std::min(c.pdq_distance, c.region_distance); };
    std::stable_sort(ranked.begin(), ranked.end(), [&](const SourceCandidate& a, const SourceCandidate& b) {
        return a.error.empty() != b.error.empty() ? a.error.empty() : rank_of(a) < rank_of(b);
    });

    // 2. Verify the nearest few by local features; the most inliers wins.
    const Working suspect_work = working_copy(detail::impl_of(suspect).bgr);
    const source::Features suspect_features = source::detect_features(suspect_work.gray);
    int best = -1;
    cv::Mat best_homography;
    Working best_work;
    for (int i = 0; i < std::min<int>(options.verify_top, static_cast<int>(ranked.size())); ++i) {
        SourceCandidate& candidate = ranked[static_cast<std::size_t>(i)];
        if (!candidate.error.empty()) break;
        try {
            const Image image = Image::from_file(candidate.file, options.limits);
            Working work = working_copy(detail::impl_of(image).bgr);
            const auto registration = source::register_onto(suspect_features, source::detect_features(work.gray));
            candidate.inliers = registration ? registration->inliers : 0;
            if (registration && (best < 0 || candidate.inliers > ranked[static_cast<std::size_t>(best)].inliers)) {
                best = i;
                best_homography = registration->homography;
                best_work = std::move(work);
            }
        } catch (const Error& e) {
            candidate.error = std::string(e.type()) + ": " + e.what();
        }
    }

    const int best_distance = ranked.empty() || !ranked.front().error.empty() ? 256 : rank_of(ranked.front());
    // A PDQ match of the whole picture or of a textured grid cell is strong
    // evidence on its own, so fewer features suffice (smooth studio portraits
    // yield few keypoints).
    const auto accepted = [&](const SourceCandidate& c) {
        const bool hash_match = std::min(c.pdq_distance, c.region_distance) <= PdqHash::kMatchThreshold;
        return c.inliers >= options.min_inliers || (hash_match && c.inliers >= kMinInliersWithPdqMatch);
    };
    if (best < 0 || !accepted(ranked[static_cast<std::size_t>(best)])) {
        result.pdq_distance = best_distance;
        result.inliers = best < 0 ? 0 : ranked[static_cast<std::size_t>(best)].inliers;
        result.reason = ranked.empty() ? "no candidate images were given"
                        : "no source found: the nearest candidate is " + std::to_string(best_distance) +
                              " PDQ bits away (whole picture or grid cell) and none of the " + std::to_string(options.verify_top) +
                              " nearest shares at least " + std::to_string(options.min_inliers) +
                              " geometrically consistent features with the suspect (" +
                              std::to_string(kMinInliersWithPdqMatch) + " with a PDQ match)";
    } else {
        // 3. Register the source onto the suspect and map the differences.
        const SourceCandidate& source = ranked[static_cast<std::size_t>(best)];
        cv::Mat warped, valid;
        cv::warpPerspective(best_work.bgr, warped, best_homography, suspect_work.bgr.size(), cv::INTER_LINEAR);
        cv::warpPerspective(cv::Mat(best_work.bgr.size(), CV_8U, cv::Scalar(255)), valid, best_homography,
                            suspect_work.bgr.size(), cv::INTER_NEAREST);
        const source::Difference difference = source::difference_map(suspect_work.bgr, warped, valid);

        // Homography between full-resolution pixels: suspect_full <- suspect_work <- source_work <- source_full.
        const cv::Mat to_source_work = (cv::Mat_<double>(3, 3) << best_work.scale, 0, 0, 0, best_work.scale, 0, 0, 0, 1);
        const cv::Mat from_suspect_work =
            (cv::Mat_<double>(3, 3) << 1 / suspect_work.scale, 0, 0, 0, 1 / suspect_work.scale, 0, 0, 0, 1);
        cv::Mat full = from_suspect_work * best_homography * to_source_work;
        full /= full.at<double>(2, 2);

        result.found = true;
        result.file = source.file;
        result.pdq_distance = source.pdq_distance;
        result.inliers = source.inliers;
        std::copy(full.begin<double>(), full.end<double>(), result.homography.begin());
        result.changed_fraction = difference.changed_fraction;
        result.difference = analysis::heatmap_from(difference.heat);
        cv::Mat mask_float;
        difference.mask.convertTo(mask_float, CV_32F, 1.0 / 255.0);
        result.changed_mask = analysis::heatmap_from(mask_float);
        result.reason = "source found: " + std::to_string(source.inliers) +
                        " geometrically consistent features, PDQ distance " + std::to_string(source.pdq_distance);
    }
    if (static_cast<int>(ranked.size()) > options.list_top) ranked.resize(static_cast<std::size_t>(options.list_top));
    result.ranked = std::move(ranked);
    return result;
}

LIBDETECT_NAMESPACE_END
