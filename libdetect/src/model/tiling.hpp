// How the learned detector sees an image: fixed-size tiles at even offsets,
// spread evenly over it. Mirrors models/train/npr_net.py (tile_grid,
// tiles_of) exactly, so that training, evaluation and the library score the
// same pixels; the parity test checks it.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace libdetect::model {

struct TileGrid {
    int tile = 0;
    std::vector<int> xs, ys;  // tile origins in the (padded) image
    bool padded = false;      // the image was smaller than a tile on a side
    int count() const { return int(xs.size() * ys.size()); }
};

// `count` origins spread evenly over [0, length - tile], rounded down to even
// numbers so that every tile keeps the image's 2x2 pixel phase.
std::vector<int> spread_origins(int length, int tile, int count);

// Enough tiles to cover a width x height image; if that is more than
// max_tiles, both counts shrink by the same factor (at least one each) and
// what flooring left of the budget is given back.
TileGrid tile_grid(int width, int height, int tile, int max_tiles);

// BGR 8-bit image -> row-major batch of RGB float tiles (N x 3 x tile x tile,
// pixel / 255). Images smaller than a tile are first padded by reflection on
// the right and bottom (grid.padded says so).
std::vector<float> tile_batch(const cv::Mat& bgr, const TileGrid& grid);

}  // namespace libdetect::model
