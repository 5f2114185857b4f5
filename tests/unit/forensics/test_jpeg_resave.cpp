#include "forensics/jpeg_resave.hpp"
#include "fixtures.hpp"

#include <libdetect/error.hpp>

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

cv::Mat whole_resave(const cv::Mat& image, int quality) {
    std::vector<std::uint8_t> encoded;
    REQUIRE(cv::imencode(".jpg", image, encoded, {cv::IMWRITE_JPEG_QUALITY, quality}));
    return cv::imdecode(encoded, image.channels() == 3 ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
}

}  // namespace

TEST_CASE("A re-save in strips gives the whole re-save's pixels, colour and gray", "[forensics][jpeg_resave]") {
    const cv::Mat colour = fx::synthetic_scene(333, 251, 4);  // sides on no block grid
    cv::Mat gray;
    cv::cvtColor(colour, gray, cv::COLOR_BGR2GRAY);
    for (const cv::Mat* image : std::vector<const cv::Mat*>{&colour, &gray}) {
        for (const int quality : {55, 90}) {
            const cv::Mat expected = whole_resave(*image, quality);
            for (const int strip_rows : {16, 32, 48, 1024}) {
                cv::Mat assembled(image->size(), image->type(), cv::Scalar::all(0));
                std::vector<int> firsts;
                forensics::resave_in_strips(*image, quality, strip_rows,
                                            [&](int first, const cv::Mat& original, const cv::Mat& resaved) {
                    CHECK(cv::norm(original, (*image).rowRange(first, first + original.rows), cv::NORM_INF) == 0);
                    resaved.copyTo(assembled.rowRange(first, first + resaved.rows));
                    firsts.push_back(first);
                });
                INFO("channels " << image->channels() << ", quality " << quality << ", strips of " << strip_rows);
                CHECK(cv::norm(assembled, expected, cv::NORM_INF) == 0);
                CHECK(firsts.front() == 0);
                // 251 rows: the last strip takes the rest rather than a sliver under 16 rows.
                CHECK(image->rows - firsts.back() >= 16);
                if (strip_rows == 16) CHECK(firsts.size() == 15);
            }
        }
    }
    CHECK_THROWS_AS(forensics::resave_in_strips(gray, 90, 24, [](int, const cv::Mat&, const cv::Mat&) {}),
                    InvalidArgument);
}
