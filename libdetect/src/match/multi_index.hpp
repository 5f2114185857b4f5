// Multi-index hashing (Norouzi, Punjani & Fleet, CVPR 2012) over 256-bit
// hashes split into 16 substrings of 16 bits, one table per substring.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace libdetect::match {

using Bits256 = std::array<std::uint64_t, 4>;

int hamming(const Bits256& a, const Bits256& b) noexcept;

class MultiIndex {
public:
    void build(const std::vector<Bits256>& hashes);

    // Indices of every hash within max_distance of `query` (exact: candidates
    // are verified), in increasing index order.
    std::vector<std::uint32_t> within(const Bits256& query, int max_distance) const;

private:
    static constexpr int kTables = 16;
    static constexpr std::uint32_t kBuckets = 1u << 16;
    // Per table, bucket b holds ids_[t][offsets_[t][b] .. offsets_[t][b+1]).
    std::array<std::vector<std::uint32_t>, kTables> offsets_;
    std::array<std::vector<std::uint32_t>, kTables> ids_;
    const std::vector<Bits256>* hashes_ = nullptr;
};

}  // namespace libdetect::match
