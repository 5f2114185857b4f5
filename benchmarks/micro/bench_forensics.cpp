// Decode and ELA on the same 1024x1024 JPEG, so their ratio is measured in
// one run on one machine (target: ELA <= 3x decode).
#include "fixtures.hpp"
#include "forensics/copy_move.hpp"
#include "forensics/double_jpeg.hpp"
#include "forensics/ela.hpp"
#include "forensics/coding_cost.hpp"
#include "forensics/frequency.hpp"
#include "forensics/jpeg_ghost.hpp"
#include "forensics/noise.hpp"
#include "io/image_impl.hpp"

#include <libdetect/image.hpp>

#include <benchmark/benchmark.h>

namespace {

const std::vector<std::uint8_t>& jpeg_1024() {
    static const auto bytes = libdetect::fixtures::make_single_jpeg(1024, 1024, 42, 90);
    return bytes;
}

void BM_Decode(benchmark::State& state) {
    for (auto _ : state) {
        auto image = libdetect::Image::from_bytes(jpeg_1024());
        benchmark::DoNotOptimize(image.width());
    }
}
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Ela(benchmark::State& state) {
    const auto image = libdetect::Image::from_bytes(jpeg_1024());
    const libdetect::forensics::ElaAnalyzer ela;
    for (auto _ : state) {
        auto result = ela.analyze({libdetect::detail::impl_of(image), true});
        benchmark::DoNotOptimize(result.heatmap.values.data());
    }
}
BENCHMARK(BM_Ela)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

// Forensic analyzers on a 2-megapixel JPEG (1632x1224), OpenCV on one thread
// (targets: noise, JPEG (ghosts and double quantization) and frequency <= 150 ms, copy-move <= 600 ms).
namespace {

const libdetect::Image& jpeg_2mp() {
    static const auto image = libdetect::Image::from_bytes(
        libdetect::fixtures::encode(libdetect::fixtures::structured_scene(1632, 1224, 7), ".jpg", 90));
    return image;
}

template <typename Analyzer>
void run_analyzer(benchmark::State& state) {
    cv::setNumThreads(1);
    const Analyzer analyzer;
    for (auto _ : state) {
        auto result = analyzer.analyze({libdetect::detail::impl_of(jpeg_2mp()), true});
        benchmark::DoNotOptimize(result.heatmap.values.data());
    }
    cv::setNumThreads(-1);
}

void BM_Ela2MP(benchmark::State& state) { run_analyzer<libdetect::forensics::ElaAnalyzer>(state); }
void BM_Noise2MP(benchmark::State& state) { run_analyzer<libdetect::forensics::NoiseAnalyzer>(state); }
void BM_CopyMove2MP(benchmark::State& state) { run_analyzer<libdetect::forensics::CopyMoveAnalyzer>(state); }
void BM_Jpeg2MP(benchmark::State& state) { run_analyzer<libdetect::forensics::JpegGhostAnalyzer>(state); }
void BM_Frequency2MP(benchmark::State& state) { run_analyzer<libdetect::forensics::FrequencyAnalyzer>(state); }
void BM_JpegDq2MP(benchmark::State& state) { run_analyzer<libdetect::forensics::DoubleJpegAnalyzer>(state); }
// One 512-px crop coded three times, whatever the image's size (target: <= 150 ms per megapixel).
void BM_CodingCost2MP(benchmark::State& state) { run_analyzer<libdetect::forensics::CodingCostAnalyzer>(state); }
BENCHMARK(BM_Ela2MP)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Noise2MP)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CopyMove2MP)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Jpeg2MP)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Frequency2MP)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_JpegDq2MP)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CodingCost2MP)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
