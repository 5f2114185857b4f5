#include "model/tiling.hpp"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>

namespace libdetect::model {

std::vector<int> spread_origins(int length, int tile, int count) {
    if (count <= 1 || length <= tile) return {0};
    std::vector<int> origins(count);
    const long long span = length - tile;
    for (int i = 0; i < count; ++i) origins[i] = int((i * span / (count - 1)) / 2 * 2);
    return origins;
}

TileGrid tile_grid(int width, int height, int tile, int max_tiles) {
    TileGrid grid;
    grid.tile = tile;
    grid.padded = width < tile || height < tile;
    width = std::max(width, tile);
    height = std::max(height, tile);
    const int wanted_columns = std::max(1, (width + tile - 1) / tile);
    const int wanted_rows = std::max(1, (height + tile - 1) / tile);
    int columns = wanted_columns, rows = wanted_rows;
    if (columns * rows > max_tiles) {
        const double factor = std::sqrt(double(max_tiles) / double(columns * rows));
        columns = std::max(1, int(std::floor(columns * factor)));
        rows = std::max(1, int(std::floor(rows * factor)));
        while (columns * rows > max_tiles) (columns >= rows ? columns : rows) -= 1;
        // Spend what flooring left of the budget on the dimension furthest
        // below what covering needs, then on the other.
        const bool rows_first = rows * wanted_columns <= columns * wanted_rows;
        for (const bool grow_rows : {rows_first, !rows_first}) {
            if (grow_rows && rows < wanted_rows && (rows + 1) * columns <= max_tiles) ++rows;
            else if (!grow_rows && columns < wanted_columns && (columns + 1) * rows <= max_tiles) ++columns;
        }
    }
    grid.xs = spread_origins(width, tile, columns);
    grid.ys = spread_origins(height, tile, rows);
    return grid;
}

std::vector<float> tile_batch(const cv::Mat& bgr, const TileGrid& grid) {
    CV_Assert(bgr.type() == CV_8UC3);
    const int tile = grid.tile;
    cv::Mat image = bgr;
    if (grid.padded)  // numpy's "reflect" is OpenCV's REFLECT_101
        cv::copyMakeBorder(bgr, image, 0, std::max(0, tile - bgr.rows), 0, std::max(0, tile - bgr.cols),
                           cv::BORDER_REFLECT_101);
    const std::size_t plane = std::size_t(tile) * tile;
    std::vector<float> batch(std::size_t(grid.count()) * 3 * plane);
    float* out = batch.data();
    for (int y : grid.ys)
        for (int x : grid.xs) {
            for (int r = 0; r < tile; ++r) {
                const cv::Vec3b* row = image.ptr<cv::Vec3b>(y + r) + x;
                for (int c = 0; c < tile; ++c) {
                    const std::size_t at = std::size_t(r) * tile + c;
                    out[at] = row[c][2] / 255.0f;              // R
                    out[plane + at] = row[c][1] / 255.0f;      // G
                    out[2 * plane + at] = row[c][0] / 255.0f;  // B
                }
            }
            out += 3 * plane;
        }
    return batch;
}

}  // namespace libdetect::model
