#include "match/multi_index.hpp"

#include <algorithm>

namespace libdetect::match {
namespace {

std::uint32_t substring(const Bits256& hash, int table) {
    return static_cast<std::uint32_t>((hash[table / 4] >> (16 * (table % 4))) & 0xffffu);
}

// Calls visit(v) for every 16-bit v within `radius` bits of `value`.
template <typename Visit>
void for_each_neighbour(std::uint32_t value, int radius, int first_bit, Visit&& visit) {
    visit(value);
    if (radius == 0) return;
    for (int bit = first_bit; bit < 16; ++bit)
        for_each_neighbour(value ^ (1u << bit), radius - 1, bit + 1, visit);
}

// Above this per-table radius, probing costs more than scanning the list.
constexpr int kMaxProbeRadius = 2;

}  // namespace

int hamming(const Bits256& a, const Bits256& b) noexcept {
    return __builtin_popcountll(a[0] ^ b[0]) + __builtin_popcountll(a[1] ^ b[1]) +
           __builtin_popcountll(a[2] ^ b[2]) + __builtin_popcountll(a[3] ^ b[3]);
}

void MultiIndex::build(const std::vector<Bits256>& hashes) {
    hashes_ = &hashes;
    for (int t = 0; t < kTables; ++t) {  // counting sort of ids by substring value
        auto& offsets = offsets_[t];
        offsets.assign(kBuckets + 1, 0);
        for (const auto& hash : hashes) ++offsets[substring(hash, t) + 1];
        for (std::uint32_t b = 0; b < kBuckets; ++b) offsets[b + 1] += offsets[b];
        auto& ids = ids_[t];
        ids.resize(hashes.size());
        std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
        for (std::uint32_t id = 0; id < hashes.size(); ++id) ids[fill[substring(hashes[id], t)]++] = id;
    }
}

std::vector<std::uint32_t> MultiIndex::within(const Bits256& query, int max_distance) const {
    std::vector<std::uint32_t> found;
    if (!hashes_ || max_distance < 0) return found;
    const auto& hashes = *hashes_;
    // Pigeonhole: a hash within max_distance differs in at most
    // max_distance / 16 bits in at least one of the 16 substrings.
    const int radius = max_distance / kTables;
    if (radius > kMaxProbeRadius) {
        for (std::uint32_t id = 0; id < hashes.size(); ++id)
            if (hamming(hashes[id], query) <= max_distance) found.push_back(id);
        return found;
    }
    std::vector<std::uint32_t> candidates;
    for (int t = 0; t < kTables; ++t) {
        const auto& offsets = offsets_[t];
        const auto& ids = ids_[t];
        for_each_neighbour(substring(query, t), radius, 0, [&](std::uint32_t bucket) {
            candidates.insert(candidates.end(), ids.begin() + offsets[bucket],
                              ids.begin() + offsets[bucket + 1]);
        });
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (const std::uint32_t id : candidates)
        if (hamming(hashes[id], query) <= max_distance) found.push_back(id);
    return found;
}

}  // namespace libdetect::match
