#include "forgeries.hpp"

#include "fixtures.hpp"

#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include <stdexcept>

namespace libdetect::fixtures {
namespace {

// A filled ellipse or rectangle covering about `share` of the image, centred
// at `centre`, as a CV_8U mask.
cv::Mat region_mask(cv::Size size, cv::Point centre, double share, cv::RNG& rng) {
    cv::Mat mask = cv::Mat::zeros(size, CV_8U);
    const double area = share * size.area();
    const double aspect = rng.uniform(0.6, 1.6);
    if (rng.uniform(0, 2) == 0) {
        const double a = std::sqrt(area * aspect / CV_PI), b = area / (CV_PI * a);
        cv::ellipse(mask, centre, cv::Size(int(a), int(b)), rng.uniform(0.0, 180.0), 0, 360, 255, cv::FILLED);
    } else {
        const double w = std::sqrt(area * aspect), h = area / w;
        cv::rectangle(mask, cv::Rect(int(centre.x - w / 2), int(centre.y - h / 2), int(w), int(h)), 255, cv::FILLED);
    }
    return mask;
}

cv::Point random_centre(cv::Size size, double margin, cv::RNG& rng) {
    return {rng.uniform(int(size.width * margin), int(size.width * (1 - margin))),
            rng.uniform(int(size.height * margin), int(size.height * (1 - margin)))};
}

// Source -> target: rotate and scale about the source centre, then move.
cv::Mat copy_move_transform(cv::Point from, cv::Point to, double angle, double scale) {
    cv::Mat transform = cv::getRotationMatrix2D(from, angle, scale);
    transform.at<double>(0, 2) += to.x - from.x;
    transform.at<double>(1, 2) += to.y - from.y;
    return transform;
}

Forgery apply_copy_move(const cv::Mat& photo, const cv::Mat& source, const cv::Mat& target, const cv::Mat& transform) {
    cv::Mat moved;
    cv::warpAffine(photo, moved, transform, photo.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    Forgery f;
    f.kind = Manipulation::CopyMove;
    f.image = photo.clone();
    moved.copyTo(f.image, target);
    f.mask = target;
    f.source_mask = source;
    return f;
}

Forgery copy_move(const cv::Mat& photo, cv::RNG& rng) {
    for (int attempt = 0; attempt < 200; ++attempt) {
        const double share = rng.uniform(0.03, 0.08);
        const cv::Point from = random_centre(photo.size(), 0.2, rng);
        const cv::Point to = random_centre(photo.size(), 0.2, rng);
        const double angle = rng.uniform(-30.0, 30.0), scale = rng.uniform(0.8, 1.25);
        const cv::Mat source = region_mask(photo.size(), from, share, rng);
        const cv::Mat transform = copy_move_transform(from, to, angle, scale);
        cv::Mat target;
        cv::warpAffine(source, target, transform, photo.size(), cv::INTER_NEAREST);
        const int source_area = cv::countNonZero(source);
        if (cv::countNonZero(target) < 0.95 * source_area * scale * scale) continue;  // left the frame
        cv::Mat grown;
        cv::dilate(source, grown, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9)));
        if (cv::countNonZero(grown & target) > 0) continue;  // overlaps its source
        return apply_copy_move(photo, source, target, transform);
    }
    throw std::runtime_error("copy-move: no non-overlapping placement found");
}

}  // namespace

Forgery make_copy_move(const cv::Mat& photo, cv::Point from, cv::Size axes, cv::Point to, double angle,
                       double scale) {
    cv::Mat source = cv::Mat::zeros(photo.size(), CV_8U);
    cv::ellipse(source, from, axes, 0, 0, 360, 255, cv::FILLED);
    const cv::Mat transform = copy_move_transform(from, to, angle, scale);
    cv::Mat target;
    cv::warpAffine(source, target, transform, photo.size(), cv::INTER_NEAREST);
    return apply_copy_move(photo, source, target, transform);
}

const char* manipulation_name(Manipulation kind) {
    switch (kind) {
        case Manipulation::Splice: return "splice";
        case Manipulation::CopyMove: return "copy-move";
        case Manipulation::Inpaint: return "inpaint";
        case Manipulation::Blur: return "blur";
        case Manipulation::Resample: return "resample";
    }
    return "?";
}

std::vector<Manipulation> all_manipulations() {
    return {Manipulation::Splice, Manipulation::CopyMove, Manipulation::Inpaint, Manipulation::Blur,
            Manipulation::Resample};
}

Forgery make_forgery(const cv::Mat& photo, const cv::Mat& donor, Manipulation kind, cv::RNG& rng) {
    if (kind == Manipulation::CopyMove) return copy_move(photo, rng);
    Forgery f;
    f.kind = kind;
    f.mask = region_mask(photo.size(), random_centre(photo.size(), 0.25, rng), rng.uniform(0.03, 0.12), rng);
    f.image = photo.clone();
    cv::Mat replacement;
    switch (kind) {
        case Manipulation::Splice: {
            cv::Mat resized;
            cv::resize(donor, resized, photo.size(), 0, 0, cv::INTER_AREA);
            replacement = jpeg_roundtrip(resized, rng.uniform(60, 96));
            break;
        }
        case Manipulation::Inpaint:
            cv::inpaint(photo, f.mask, replacement, 5, cv::INPAINT_TELEA);
            break;
        case Manipulation::Blur:
            cv::GaussianBlur(photo, replacement, cv::Size(0, 0), rng.uniform(1.5, 3.0));
            break;
        case Manipulation::Resample: {  // the region's content enlarged by 15-35 % in place
            const cv::Rect box = cv::boundingRect(f.mask);
            const double factor = rng.uniform(1.15, 1.35);
            cv::Mat zoomed;
            cv::resize(photo(box), zoomed, cv::Size(), factor, factor, cv::INTER_LINEAR);
            const cv::Rect centre((zoomed.cols - box.width) / 2, (zoomed.rows - box.height) / 2, box.width, box.height);
            replacement = photo.clone();
            zoomed(centre).copyTo(replacement(box));
            break;
        }
        case Manipulation::CopyMove: break;
    }
    replacement.copyTo(f.image, f.mask);
    return f;
}

}  // namespace libdetect::fixtures
