#include <libdetect/error.hpp>
#include <libdetect/report.hpp>

#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace libdetect;

TEST_CASE("heatmaps are written as 8-bit PNG at the image size", "[report]") {
    fixtures::TempDir dir;
    Heatmap map;
    map.width = 2;
    map.height = 1;
    map.values = {0.0f, 1.0f};
    const std::string path = dir.file("map.png");
    save_heatmap_png(map, 16, 8, path);
    const cv::Mat png = cv::imread(path, cv::IMREAD_UNCHANGED);
    REQUIRE(png.type() == CV_8UC1);
    CHECK(png.cols == 16);
    CHECK(png.rows == 8);
    CHECK(png.at<std::uint8_t>(4, 0) == 0);
    CHECK(png.at<std::uint8_t>(4, 15) == 255);
}

TEST_CASE("inconsistent heatmaps and unwritable paths are errors", "[report]") {
    Heatmap map;
    CHECK_THROWS_AS(save_heatmap_png(map, 4, 4, "x.png"), InvalidArgument);
    map.width = 2;
    map.height = 2;
    map.values = {0.5f};
    CHECK_THROWS_AS(save_heatmap_png(map, 4, 4, "x.png"), InvalidArgument);
    map.values = {0.1f, 0.2f, 0.3f, 0.4f};
    CHECK_THROWS_AS(save_heatmap_png(map, 4, 4, "/nonexistent-dir/x.png"), IoError);
}
