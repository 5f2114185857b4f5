// A full scan (every analyzer, the verdict) of one 2-MP JPEG on one thread,
// against decoding the same bytes in the same run (issue 21's target: a full
// scan in <= 400 ms; the training-free analyzers in <= 5x the decode).
#include "fixtures.hpp"

#include <libdetect/detector.hpp>
#include <libdetect/image.hpp>

#include <benchmark/benchmark.h>
#include <opencv2/core.hpp>

namespace {

const std::vector<std::uint8_t>& jpeg_2mp_bytes() {
    static const auto bytes =
        libdetect::fixtures::encode(libdetect::fixtures::structured_scene(1632, 1224, 7), ".jpg", 90);
    return bytes;
}

void BM_Decode2MP(benchmark::State& state) {
    cv::setNumThreads(1);
    for (auto _ : state) {
        auto image = libdetect::Image::from_bytes(jpeg_2mp_bytes());
        benchmark::DoNotOptimize(image.width());
    }
    cv::setNumThreads(-1);
}
BENCHMARK(BM_Decode2MP)->Unit(benchmark::kMillisecond)->UseRealTime();

void scan(benchmark::State& state, std::vector<std::string> analyzers) {
    cv::setNumThreads(1);
    libdetect::Options options;
    options.analyzers = std::move(analyzers);
    options.threads = 1;
    const libdetect::Detector detector(options);
    for (auto _ : state) {
        // Decoded each time: a scan reads every file once.
        auto report = detector.analyze(libdetect::Image::from_bytes(jpeg_2mp_bytes()));
        benchmark::DoNotOptimize(report.verdict.label.data());
    }
    cv::setNumThreads(-1);
}

void BM_FullScan2MP(benchmark::State& state) { scan(state, {}); }
BENCHMARK(BM_FullScan2MP)->Unit(benchmark::kMillisecond)->UseRealTime();

// The training-free analyzers (no network, no face detector).
void BM_TrainingFreeScan2MP(benchmark::State& state) {
    scan(state, {"ela", "noise", "jpeg", "jpeg_dq", "copy_move", "frequency", "coding_cost", "metadata"});
}
BENCHMARK(BM_TrainingFreeScan2MP)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
