#include "metadata/thumbnail.hpp"

#include "io/container.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace libdetect::metadata {
namespace {

constexpr double kMatchDifference = 12.0;  // gray levels; re-encoding and scaling stay well under it
constexpr int kMaxThumbnailSide = 1024;    // an EXIF thumbnail is small; a huge one is not decoded

// Rows/columns at the borders that are near-black bars.
cv::Rect content_of(const cv::Mat& gray) {
    int top = 0, bottom = gray.rows, left = 0, right = gray.cols;
    auto dark_row = [&](int y) { return cv::mean(gray.row(y))[0] < 8.0; };
    auto dark_col = [&](int x) { return cv::mean(gray.col(x))[0] < 8.0; };
    while (top < bottom - 1 && dark_row(top)) ++top;
    while (bottom - 1 > top && dark_row(bottom - 1)) --bottom;
    while (left < right - 1 && dark_col(left)) ++left;
    while (right - 1 > left && dark_col(right - 1)) --right;
    return {left, top, right - left, bottom - top};
}

}  // namespace

std::optional<ThumbnailComparison> compare_thumbnail(const std::vector<std::uint8_t>& encoded, const cv::Mat& bgr) {
    if (encoded.empty() || bgr.empty()) return std::nullopt;
    // Our own header reader first, as for the main image: only a JPEG (what
    // EXIF thumbnails are) of a thumbnail's size reaches a decoder. OpenCV's
    // imdecode would pick any of its decoders by signature (HDR and PFM ones
    // write the bytes to a temporary file) and allocate whatever the header
    // claims before reading a pixel.
    try {
        const io::ContainerFacts facts = io::read_container(encoded.data(), encoded.size());
        if (facts.format != "jpeg" || facts.width > kMaxThumbnailSide || facts.height > kMaxThumbnailSide)
            return std::nullopt;
    } catch (const Error&) {
        return std::nullopt;
    }
    cv::Mat thumb;
    try {
        thumb = cv::imdecode(encoded, cv::IMREAD_GRAYSCALE);
    } catch (const cv::Exception&) {
        return std::nullopt;
    }
    if (thumb.empty() || thumb.cols < 8 || thumb.rows < 8) return std::nullopt;
    ThumbnailComparison result;
    result.width = thumb.cols;
    result.height = thumb.rows;
    const cv::Mat content = thumb(content_of(thumb));
    // Area-averaging a 24-MP picture down to a thumbnail reads every pixel;
    // a nearest-neighbour step to 8x the thumbnail's size first keeps the
    // cost flat (the comparison is blurred and tolerant, aliasing is moot).
    cv::Mat reduced = bgr, gray, small;
    const cv::Size eight_times(content.cols * 8, content.rows * 8);
    if (bgr.cols > eight_times.width && bgr.rows > eight_times.height)
        cv::resize(bgr, reduced, eight_times, 0, 0, cv::INTER_NEAREST);
    cv::cvtColor(reduced, gray, cv::COLOR_BGR2GRAY);
    cv::resize(gray, small, content.size(), 0, 0, cv::INTER_AREA);
    cv::Mat a, b;
    cv::GaussianBlur(content, a, cv::Size(3, 3), 0);
    cv::GaussianBlur(small, b, cv::Size(3, 3), 0);
    cv::Mat difference;
    cv::absdiff(a, b, difference);
    result.difference = cv::mean(difference)[0];
    result.matches = result.difference < kMatchDifference;
    return result;
}

}  // namespace libdetect::metadata
