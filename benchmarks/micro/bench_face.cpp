// Face detection and landmarks on a 2-MP picture, one thread (target:
// <= 150 ms), with the astronaut portrait that python3-skimage ships pasted
// into a 1632x1224 scene; loading the landmark model is timed apart.
#include "face/face_finder.hpp"
#include "fixtures.hpp"

#include <benchmark/benchmark.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace {

cv::Mat scene_with_face() {
    cv::Mat scene = libdetect::fixtures::structured_scene(1632, 1224, 3);
    const cv::Mat face = cv::imread("/usr/lib/python3/dist-packages/skimage/data/astronaut.png", cv::IMREAD_COLOR);
    if (!face.empty()) face.copyTo(scene(cv::Rect(600, 300, face.cols, face.rows)));
    return scene;
}

void BM_FaceLandmarkModelLoad(benchmark::State& state) {
    for (auto _ : state) {
        libdetect::face::FaceFinder finder;
        benchmark::DoNotOptimize(&finder);
    }
}
BENCHMARK(BM_FaceLandmarkModelLoad)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

void BM_FaceFind2MP(benchmark::State& state) {
    cv::setNumThreads(1);
    const libdetect::face::FaceFinder finder;
    const cv::Mat image = scene_with_face();
    for (auto _ : state) {
        auto faces = finder.find(image);
        benchmark::DoNotOptimize(faces.data());
    }
}
BENCHMARK(BM_FaceFind2MP)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
