// Mean heatmap value over the blocks entirely inside, and entirely outside, a
// pixel rectangle: how tests check that a map marks the right region.
#pragma once

#include <libdetect/report.hpp>

#include <opencv2/core.hpp>

#include <utility>

namespace libdetect::fixtures {

inline std::pair<double, double> inside_outside_means(const Heatmap& map, const cv::Rect& region, int block) {
    double inside = 0, outside = 0;
    int n_inside = 0, n_outside = 0;
    for (int y = 0; y < map.height; ++y)
        for (int x = 0; x < map.width; ++x) {
            const cv::Rect cell(x * block, y * block, block, block);
            const int overlap = (cell & region).area();
            if (overlap == cell.area()) {
                inside += map.at(x, y);
                ++n_inside;
            } else if (overlap == 0) {
                outside += map.at(x, y);
                ++n_outside;
            }
        }
    return {n_inside ? inside / n_inside : 0.0, n_outside ? outside / n_outside : 0.0};
}

}  // namespace libdetect::fixtures
