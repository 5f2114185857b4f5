// The learned detector (the `model` analyzer): loading it, and analysing a
// 1-megapixel JPEG including tiling, on one and two intra-op threads (target:
// <= 100 ms on one thread; load <= 0.5 s). Decoding the same image is the
// baseline measured in the same run.
#include "fixtures.hpp"
#include "io/image_impl.hpp"
#include "model/model_analyzer.hpp"

#include <libdetect/image.hpp>

#include <benchmark/benchmark.h>

namespace {

const std::vector<std::uint8_t>& jpeg_1mp() {
    static const auto bytes =
        libdetect::fixtures::encode(libdetect::fixtures::structured_scene(1152, 864, 11), ".jpg", 90);
    return bytes;
}

void BM_DecodeForModel1MP(benchmark::State& state) {
    for (auto _ : state) {
        auto image = libdetect::Image::from_bytes(jpeg_1mp());
        benchmark::DoNotOptimize(image.width());
    }
}
BENCHMARK(BM_DecodeForModel1MP)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ModelLoad(benchmark::State& state) {
    for (auto _ : state) {
        libdetect::model::ModelAnalyzer analyzer{libdetect::Options{}};
        benchmark::DoNotOptimize(&analyzer);
    }
}
BENCHMARK(BM_ModelLoad)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_Model1MP(benchmark::State& state) {
    libdetect::Options options;
    options.model_threads = int(state.range(0));
    const libdetect::model::ModelAnalyzer analyzer{options};
    const auto image = libdetect::Image::from_bytes(jpeg_1mp());
    for (auto _ : state) {
        auto result = analyzer.analyze({libdetect::detail::impl_of(image), true});
        benchmark::DoNotOptimize(result.score);
    }
}
BENCHMARK(BM_Model1MP)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
