#include "model/tiling.hpp"

#include <catch2/catch.hpp>

#include <opencv2/core.hpp>

using namespace libdetect::model;

TEST_CASE("spread_origins covers the length at even offsets", "[model][tiling]") {
    CHECK(spread_origins(512, 128, 4) == std::vector<int>{0, 128, 256, 384});
    CHECK(spread_origins(640, 128, 4) == std::vector<int>{0, 170, 340, 512});
    CHECK(spread_origins(129, 128, 2) == std::vector<int>{0, 0});
    CHECK(spread_origins(128, 128, 1) == std::vector<int>{0});
    for (int length : {129, 300, 777, 4001})
        for (int count = 2; count <= 9; ++count) {
            const auto origins = spread_origins(length, 128, count);
            REQUIRE(int(origins.size()) == count);
            CHECK(origins.front() == 0);
            CHECK(origins.back() + 128 <= length);
            CHECK(origins.back() + 128 + 2 > length);  // reaches the far edge (to the even pixel)
            for (int o : origins) CHECK(o % 2 == 0);
        }
}

TEST_CASE("tile_grid covers small images and keeps the budget on large ones", "[model][tiling]") {
    const TileGrid exact = tile_grid(512, 512, 128, 16);
    CHECK(exact.xs.size() == 4);
    CHECK(exact.ys.size() == 4);
    CHECK_FALSE(exact.padded);

    const TileGrid wide = tile_grid(2000, 500, 128, 16);  // aspect kept: 8 x 2, not 4 x 4
    CHECK(wide.xs.size() == 8);
    CHECK(wide.ys.size() == 2);

    const TileGrid shrunk = tile_grid(640, 480, 128, 16);  // 5 x 4 needed, 4 x 4 allowed
    CHECK(shrunk.count() == 16);

    for (auto [w, h] : {std::pair{1000, 1000}, {1920, 1080}, {4000, 3000}, {129, 5000}, {6000, 130}}) {
        const TileGrid grid = tile_grid(w, h, 128, 16);
        CHECK(grid.count() <= 16);
        CHECK(grid.count() >= 12);  // the budget is mostly used
    }

    const TileGrid tiny = tile_grid(100, 90, 128, 16);
    CHECK(tiny.padded);
    CHECK(tiny.count() == 1);
}

TEST_CASE("tile_batch is RGB / 255 in NCHW order, padded by reflection", "[model][tiling]") {
    cv::Mat bgr(130, 260, CV_8UC3);
    cv::randu(bgr, 0, 256);
    const TileGrid grid = tile_grid(bgr.cols, bgr.rows, 128, 16);
    REQUIRE(grid.xs == std::vector<int>{0, 66, 132});
    REQUIRE(grid.ys == std::vector<int>{0, 2});
    const auto batch = tile_batch(bgr, grid);
    REQUIRE(batch.size() == 6u * 3 * 128 * 128);
    const std::size_t plane = 128 * 128;
    // Tile 5 (second row, third column), pixel (5, 7), green channel.
    const cv::Vec3b pixel = bgr.at<cv::Vec3b>(2 + 5, 132 + 7);
    CHECK(batch[5 * 3 * plane + plane + 5 * 128 + 7] == pixel[1] / 255.0f);
    CHECK(batch[5 * 3 * plane + 5 * 128 + 7] == pixel[2] / 255.0f);

    cv::Mat small(90, 100, CV_8UC3);
    cv::randu(small, 0, 256);
    const TileGrid padded = tile_grid(small.cols, small.rows, 128, 16);
    const auto one = tile_batch(small, padded);
    REQUIRE(one.size() == 3u * plane);
    // Column 100 mirrors column 98 (reflection without repeating the edge).
    CHECK(one[10 * 128 + 100] == small.at<cv::Vec3b>(10, 98)[2] / 255.0f);
    CHECK(one[95 * 128 + 3] == small.at<cv::Vec3b>(83, 3)[2] / 255.0f);  // row 95 mirrors row 83
}
