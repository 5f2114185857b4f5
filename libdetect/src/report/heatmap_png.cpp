#include <libdetect/error.hpp>
#include <libdetect/report.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

LIBDETECT_NAMESPACE_BEGIN

namespace {

cv::Mat heatmap_image(const Heatmap& heatmap, int width, int height) {
    if (heatmap.empty() || heatmap.width <= 0 || heatmap.height <= 0 ||
        heatmap.values.size() != static_cast<std::size_t>(heatmap.width) * heatmap.height)
        throw InvalidArgument("cannot save an empty or inconsistent heatmap");
    if (width <= 0 || height <= 0) throw InvalidArgument("heatmap output size must be positive");
    const cv::Mat map(heatmap.height, heatmap.width, CV_32F,
                      const_cast<float*>(heatmap.values.data()));
    cv::Mat gray;
    map.convertTo(gray, CV_8U, 255.0);  // saturates values outside [0, 1]
    // Nearest-neighbour keeps the map's true resolution visible (no invented detail).
    cv::Mat resized;
    cv::resize(gray, resized, cv::Size(width, height), 0, 0, cv::INTER_NEAREST);
    return resized;
}

}  // namespace

std::vector<std::uint8_t> encode_heatmap_png(const Heatmap& heatmap, int width, int height) {
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", heatmap_image(heatmap, width, height), png))
        throw IoError("cannot encode a heatmap as PNG");
    return png;
}

void save_heatmap_png(const Heatmap& heatmap, int width, int height, const std::string& path) {
    const cv::Mat image = heatmap_image(heatmap, width, height);
    bool written = false;
    try {
        written = cv::imwrite(path, image);
    } catch (const cv::Exception& e) {
        throw IoError("cannot write heatmap '" + path + "': " + e.what());
    }
    if (!written) throw IoError("cannot write heatmap '" + path + "'");
}

LIBDETECT_NAMESPACE_END
