// PDQ on a decoded 1-megapixel image (target <= 10 ms) and one hash-list
// query against 1,000,000 random PDQ hashes (target <= 50 ms on one core),
// each beside a baseline measured in the same run (decode; a full scan).
#include "fixtures.hpp"
#include "hash/pdq.hpp"
#include "match/multi_index.hpp"

#include <libdetect/image.hpp>
#include <libdetect/match.hpp>

#include <benchmark/benchmark.h>

#include <random>

namespace {

const cv::Mat& scene_1mp() {
    static const cv::Mat scene = libdetect::fixtures::decode(libdetect::fixtures::make_single_jpeg(1024, 1024, 42, 90));
    return scene;
}

void BM_Decode1MP(benchmark::State& state) {
    static const auto bytes = libdetect::fixtures::make_single_jpeg(1024, 1024, 42, 90);
    for (auto _ : state) benchmark::DoNotOptimize(libdetect::Image::from_bytes(bytes).width());
}
BENCHMARK(BM_Decode1MP)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Pdq1MP(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(libdetect::hash::pdq_hash(scene_1mp()).words);
}
BENCHMARK(BM_Pdq1MP)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PdqDihedral1MP(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(libdetect::hash::pdq_dihedral_hashes(scene_1mp()).quality);
}
BENCHMARK(BM_PdqDihedral1MP)->Unit(benchmark::kMillisecond)->UseRealTime();

constexpr std::size_t kListSize = 1'000'000;

struct RandomList {
    libdetect::HashList list;
    std::vector<libdetect::PdqHash> queries;
    RandomList() {
        std::mt19937_64 rng(1);
        auto random_hash = [&] {
            libdetect::PdqHash h;
            for (auto& w : h.words) w = static_cast<std::uint16_t>(rng());
            return h;
        };
        for (std::size_t i = 0; i < kListSize; ++i) list.add({random_hash(), "", "", 0});
        // Half the queries are near copies (20 bits off) of listed hashes.
        for (int i = 0; i < 200; ++i) {
            libdetect::PdqHash q = i % 2 ? random_hash() : list.at(rng() % kListSize).pdq;
            if (i % 2 == 0) for (int b = 0; b < 20; ++b) q.words[b % 16] ^= static_cast<std::uint16_t>(1u << (b / 2));
            queries.push_back(q);
        }
        list.query(queries[0]);  // build the index outside the timing
    }
};

const RandomList& random_list() {
    static const RandomList list;
    return list;
}

void BM_Query1M_MultiIndex(benchmark::State& state) {
    const auto& data = random_list();
    std::size_t i = 0, found = 0;
    for (auto _ : state) found += data.list.query(data.queries[i++ % data.queries.size()]).size();
    state.counters["matches_per_query"] = benchmark::Counter(double(found) / double(state.iterations()));
}
BENCHMARK(BM_Query1M_MultiIndex)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Query1M_FullScan(benchmark::State& state) {
    const auto& data = random_list();
    // max_distance 63 makes the index fall back to scanning every hash.
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(data.list.query(data.queries[i++ % data.queries.size()], 63));
}
BENCHMARK(BM_Query1M_FullScan)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
