// Decode and ELA on the same 1024x1024 JPEG, so their ratio is measured in
// one run on one machine (target: ELA <= 3x decode).
#include "fixtures.hpp"
#include "forensics/ela.hpp"

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
        auto result = ela.analyze({image.impl(), true});
        benchmark::DoNotOptimize(result.heatmap.values.data());
    }
}
BENCHMARK(BM_Ela)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
