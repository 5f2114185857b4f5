#include "match/multi_index.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace libdetect::match;

namespace {

Bits256 flip_bits(Bits256 hash, int count, std::mt19937_64& rng) {
    std::uniform_int_distribution<int> bit(0, 255);
    std::vector<bool> flipped(256, false);
    for (int done = 0; done < count;) {
        const int b = bit(rng);
        if (flipped[b]) continue;
        flipped[b] = true;
        hash[b / 64] ^= 1ull << (b % 64);
        ++done;
    }
    return hash;
}

}  // namespace

TEST_CASE("multi-index search finds exactly what a full scan finds", "[match]") {
    std::mt19937_64 rng(7);
    std::vector<Bits256> hashes(20000);
    for (auto& h : hashes) h = {rng(), rng(), rng(), rng()};
    const Bits256 query = {rng(), rng(), rng(), rng()};
    // Plant neighbours of the query at every distance up to 64.
    for (int d = 0; d <= 64; ++d) hashes.push_back(flip_bits(query, d, rng));
    MultiIndex index;
    index.build(hashes);
    for (int threshold : {0, 1, 15, 16, 31, 32, 47, 48, 64}) {
        INFO("threshold " << threshold);
        std::vector<std::uint32_t> expected;
        for (std::uint32_t id = 0; id < hashes.size(); ++id)
            if (hamming(hashes[id], query) <= threshold) expected.push_back(id);
        CHECK(index.within(query, threshold) == expected);
        CHECK(expected.size() >= static_cast<std::size_t>(threshold + 1));  // the planted ones
    }
}

TEST_CASE("hamming distance counts differing bits", "[match]") {
    CHECK(hamming({0, 0, 0, 0}, {0, 0, 0, 0}) == 0);
    CHECK(hamming({~0ull, 0, 0, 1}, {0, 0, 0, 0}) == 65);
}
