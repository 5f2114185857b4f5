#include "forensics/copy_move.hpp"

#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace libdetect::forensics {
namespace {

constexpr int kWorkSide = 1024;          // analysis resolution (long side)
constexpr int kMinSide = 64;             // smaller images have too few keypoints
constexpr int kMaxFeatures = 3000;
constexpr float kRatio = 0.7f;           // Lowe's ratio between 1st and 2nd other-place match
constexpr double kMinShift = 16.0;       // px: matches closer than this are the same structure
constexpr double kRansacPixels = 3.0;
constexpr int kMinInliers = 8;
constexpr int kMaxClusters = 3;
constexpr double kMatchTolerance = 10.0; // gray levels: copied pixels agree within this after blur

struct Pair {
    cv::Point2f from, to;
};

// Same-image matches: for each keypoint, its nearest descriptor elsewhere in
// the image, kept when clearly nearer than the next one elsewhere.
std::vector<Pair> self_matches(const std::vector<cv::KeyPoint>& points, const cv::Mat& descriptors) {
    std::vector<Pair> pairs;
    if (descriptors.rows < 3) return pairs;
    cv::BFMatcher matcher(cv::NORM_L2);
    std::vector<std::vector<cv::DMatch>> knn;
    matcher.knnMatch(descriptors, descriptors, knn, std::min(5, descriptors.rows));
    for (const auto& neighbours : knn) {
        std::vector<const cv::DMatch*> elsewhere;
        for (const auto& m : neighbours) {
            const cv::Point2f a = points[m.queryIdx].pt, b = points[m.trainIdx].pt;
            if (cv::norm(a - b) >= kMinShift) elsewhere.push_back(&m);
        }
        if (elsewhere.empty()) continue;
        // With only one neighbour elsewhere, compare with the last one seen.
        const float next = elsewhere.size() > 1 ? elsewhere[1]->distance : neighbours.back().distance;
        if (elsewhere.size() == 1 && elsewhere[0] == &neighbours.back()) continue;
        if (elsewhere[0]->distance < kRatio * next)
            pairs.push_back({points[elsewhere[0]->queryIdx].pt, points[elsewhere[0]->trainIdx].pt});
    }
    return pairs;
}

struct Cluster {
    cv::Mat transform;  // 2x3, from -> to
    std::vector<cv::Point2f> from, to;
};

// Both copies match each other, so each correspondence can point either way.
// Orient every pair so its displacement has a positive component along
// `axis`: the pairs of one copy-move then share one transform.
std::vector<Pair> oriented(const std::vector<Pair>& pairs, cv::Point2f axis) {
    std::vector<Pair> out;
    for (const auto& p : pairs) out.push_back((p.to - p.from).dot(axis) >= 0 ? p : Pair{p.to, p.from});
    return out;
}

bool same_pair(const Pair& a, const Pair& b) {
    return (cv::norm(a.from - b.from) < 1.0 && cv::norm(a.to - b.to) < 1.0) ||
           (cv::norm(a.from - b.to) < 1.0 && cv::norm(a.to - b.from) < 1.0);
}

// Repeatedly fits a similarity transform to the remaining pairs (trying four
// orientation axes, since a copy's displacements may straddle any one of
// them); each fit with enough inliers is a cluster.
std::vector<Cluster> clusters_of(std::vector<Pair> pairs) {
    static const cv::Point2f kAxes[] = {{1, 0}, {0, 1}, {0.7071f, 0.7071f}, {0.7071f, -0.7071f}};
    std::vector<Cluster> clusters;
    while (static_cast<int>(pairs.size()) >= kMinInliers && static_cast<int>(clusters.size()) < kMaxClusters) {
        Cluster best;
        for (const auto& axis : kAxes) {
            const std::vector<Pair> candidates = oriented(pairs, axis);
            std::vector<cv::Point2f> from, to;
            for (const auto& p : candidates) {
                from.push_back(p.from);
                to.push_back(p.to);
            }
            std::vector<unsigned char> inlier;
            cv::Mat transform = cv::estimateAffinePartial2D(from, to, inlier, cv::RANSAC, kRansacPixels, 4000, 0.995);
            if (transform.empty() || cv::countNonZero(inlier) <= static_cast<int>(best.from.size())) continue;
            Cluster cluster;
            cluster.transform = transform;
            for (std::size_t i = 0; i < candidates.size(); ++i)
                if (inlier[i]) {
                    cluster.from.push_back(candidates[i].from);
                    cluster.to.push_back(candidates[i].to);
                }
            best = std::move(cluster);
        }
        if (static_cast<int>(best.from.size()) < kMinInliers) break;
        // Remove the inliers, in either orientation (a correspondence may be listed twice).
        pairs.erase(std::remove_if(pairs.begin(), pairs.end(),
                                   [&](const Pair& p) {
                                       for (std::size_t k = 0; k < best.from.size(); ++k)
                                           if (same_pair(p, {best.from[k], best.to[k]})) return true;
                                       return false;
                                   }),
                    pairs.end());
        const double shift = std::hypot(best.transform.at<double>(0, 2), best.transform.at<double>(1, 2));
        // A near-identity transform is repeated texture, not a copy.
        if (shift < kMinShift && std::abs(best.transform.at<double>(0, 0) - 1.0) < 0.05) continue;
        // Each correspondence once: mirrored duplicates inflate the count.
        Cluster unique;
        unique.transform = best.transform;
        for (std::size_t k = 0; k < best.from.size(); ++k) {
            bool seen = false;
            for (std::size_t u = 0; u < unique.from.size() && !seen; ++u)
                seen = same_pair({best.from[k], best.to[k]}, {unique.from[u], unique.to[u]});
            if (!seen) {
                unique.from.push_back(best.from[k]);
                unique.to.push_back(best.to[k]);
            }
        }
        if (static_cast<int>(unique.from.size()) >= kMinInliers) clusters.push_back(std::move(unique));
    }
    return clusters;
}

// Pixels where the image equals itself moved by the cluster's transform,
// connected to the cluster's target keypoints and near them.
cv::Mat target_region(const cv::Mat& smooth, const Cluster& cluster) {
    cv::Mat warped;
    cv::warpAffine(smooth, warped, cluster.transform, smooth.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(-1000));
    cv::Mat agree = cv::abs(smooth - warped) < kMatchTolerance;
    cv::morphologyEx(agree, agree, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));

    std::vector<cv::Point> hull_points;
    for (const auto& p : cluster.to) hull_points.emplace_back(cvRound(p.x), cvRound(p.y));
    std::vector<cv::Point> hull;
    cv::convexHull(hull_points, hull);
    cv::Mat near = cv::Mat::zeros(smooth.size(), CV_8U);
    cv::fillConvexPoly(near, hull, 255);
    const cv::Rect box = cv::boundingRect(hull);
    const int grow = std::max(8, std::max(box.width, box.height) / 2) | 1;
    cv::dilate(near, near, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(grow, grow)));
    agree &= near;

    cv::Mat labels;
    cv::connectedComponents(agree, labels, 8, CV_32S);
    cv::Mat region = cv::Mat::zeros(smooth.size(), CV_8U);
    std::vector<bool> keep(static_cast<std::size_t>(smooth.total()) + 1, false);
    for (const auto& p : cluster.to) {
        const cv::Point q(cvRound(p.x), cvRound(p.y));
        if (q.inside(cv::Rect(0, 0, smooth.cols, smooth.rows)) && labels.at<int>(q) > 0)
            keep[static_cast<std::size_t>(labels.at<int>(q))] = true;
    }
    for (int y = 0; y < labels.rows; ++y)
        for (int x = 0; x < labels.cols; ++x)
            if (keep[static_cast<std::size_t>(labels.at<int>(y, x))]) region.at<std::uint8_t>(y, x) = 255;
    cv::morphologyEx(region, region, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(9, 9)));
    return region;
}

}  // namespace

AnalyzerResult CopyMoveAnalyzer::analyze(const analysis::AnalysisContext& context) const {
    const cv::Mat& bgr = context.image.bgr;
    if (std::min(bgr.cols, bgr.rows) < kMinSide)
        return analysis::not_applicable("the image is smaller than " + std::to_string(kMinSide) +
                                        " px on a side: too few keypoints to match");
    const double scale = std::min(1.0, double(kWorkSide) / std::max(bgr.cols, bgr.rows));
    // The image's shared luma, or a smaller copy of it; const, so that no
    // later step can write into the plane other analyzers read.
    const cv::Mat gray = [&] {
        if (scale >= 1.0) return context.image.gray();
        cv::Mat smaller;
        cv::resize(context.image.gray(), smaller, cv::Size(), scale, scale, cv::INTER_AREA);
        return smaller;
    }();

    std::vector<cv::KeyPoint> points;
    cv::Mat descriptors;
    cv::SIFT::create(kMaxFeatures, 5, 0.004)->detectAndCompute(gray, cv::noArray(), points, descriptors);
    const std::vector<Pair> pairs = self_matches(points, descriptors);
    const std::vector<Cluster> clusters = clusters_of(pairs);

    cv::Mat smooth;
    gray.convertTo(smooth, CV_32F);
    cv::GaussianBlur(smooth, smooth, cv::Size(0, 0), 1.5);
    cv::Mat marked = cv::Mat::zeros(gray.size(), CV_8U);
    int best_inliers = 0;
    std::vector<double> cluster_inliers, cluster_rotation, cluster_scale, cluster_shift;
    for (const auto& cluster : clusters) {
        const cv::Mat target = target_region(smooth, cluster);
        cv::Mat inverse;
        cv::invertAffineTransform(cluster.transform, inverse);
        cv::Mat source;
        cv::warpAffine(target, source, inverse, target.size(), cv::INTER_NEAREST);
        marked |= target | source;
        const int inliers = static_cast<int>(cluster.from.size());
        best_inliers = std::max(best_inliers, inliers);
        const double a = cluster.transform.at<double>(0, 0), b = cluster.transform.at<double>(1, 0);
        cluster_inliers.push_back(inliers);
        cluster_rotation.push_back(std::atan2(b, a) * 180.0 / CV_PI);
        cluster_scale.push_back(std::hypot(a, b));
        cluster_shift.push_back(std::hypot(cluster.transform.at<double>(0, 2), cluster.transform.at<double>(1, 2)) / scale);
    }

    AnalyzerResult result;
    // Monotone in the verified matches of the strongest cluster; not calibrated.
    result.score = best_inliers == 0 ? 0.0 : 1.0 - std::exp(-double(best_inliers - kMinInliers + 1) / 8.0);
    if (context.heatmaps) {
        cv::Mat values;
        marked.convertTo(values, CV_32F, 1.0 / 255.0);
        result.heatmap = analysis::heatmap_from(values);
    }
    auto& e = result.evidence;
    e["keypoints"] = std::int64_t(points.size());
    e["matched_pairs"] = std::int64_t(pairs.size());
    e["clusters"] = std::int64_t(clusters.size());
    e["cluster_inliers"] = cluster_inliers;
    e["cluster_rotation_deg"] = cluster_rotation;
    e["cluster_scale"] = cluster_scale;
    e["cluster_shift_px"] = cluster_shift;
    e["marked_fraction"] = double(cv::countNonZero(marked)) / double(marked.total());
    e["interpretation"] = std::string(
        "Each cluster is a set of keypoints repeated elsewhere in the image under one rotation, "
        "scale and shift. The heatmap marks both copies. Repeated real structures (windows, "
        "tiles, printed patterns) can also form clusters. The score grows with the matches of "
        "the strongest cluster and is not calibrated.");
    return result;
}

}  // namespace libdetect::forensics
