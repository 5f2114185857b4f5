#include "forensics/jpeg_resave.hpp"

#include <libdetect/error.hpp>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace libdetect::forensics {

void resave_in_strips(const cv::Mat& image, int quality, int strip_rows,
                      const std::function<void(int, const cv::Mat&, const cv::Mat&)>& take) {
    if (strip_rows < 16 || strip_rows % 16 != 0) throw InvalidArgument("JPEG re-save strips must be a multiple of 16 rows");
    const bool colour = image.channels() == 3;
    const int context = colour ? 16 : 0;
    std::vector<std::uint8_t> encoded;
    for (int first = 0; first < image.rows;) {
        int last = std::min(image.rows, first + strip_rows);
        if (image.rows - last < 16) last = image.rows;  // no sliver at the bottom
        const int coded_first = std::max(0, first - context);
        const int coded_last = std::min(image.rows, last + context);
        if (!cv::imencode(".jpg", image.rowRange(coded_first, coded_last), encoded, {cv::IMWRITE_JPEG_QUALITY, quality}))
            throw Error("JPEG re-save: encoding failed");
        const cv::Mat decoded =
            cv::imdecode(encoded, (colour ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE) | cv::IMREAD_IGNORE_ORIENTATION);
        if (decoded.cols != image.cols || decoded.rows != coded_last - coded_first)
            throw Error("JPEG re-save: decoding failed");
        take(first, image.rowRange(first, last), decoded.rowRange(first - coded_first, last - coded_first));
        first = last;
    }
}

}  // namespace libdetect::forensics
