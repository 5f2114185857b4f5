#include <libdetect/error.hpp>
#include <libdetect/hashes.hpp>

#include "hash/digest.hpp"
#include "hash/pdq.hpp"
#include "pipeline/outcome.hpp"
#include "pipeline/parallel.hpp"
#include "io/image_impl.hpp"

#include <opencv2/img_hash.hpp>

#include <array>
#include <bitset>

LIBDETECT_NAMESPACE_BEGIN

std::string PdqHash::to_hex() const {
    // The reference's order: the last word first, each word's high byte first.
    std::array<std::uint8_t, 32> bytes{};
    for (int w = 15; w >= 0; --w) {
        bytes[std::size_t(2 * (15 - w))] = std::uint8_t(words[std::size_t(w)] >> 8);
        bytes[std::size_t(2 * (15 - w) + 1)] = std::uint8_t(words[std::size_t(w)] & 0xff);
    }
    return hash::hex_bytes(bytes.data(), bytes.size());
}

PdqHash PdqHash::from_hex(const std::string& hex) {
    if (hex.size() != 64) throw InvalidArgument("a PDQ hash has 64 hex digits, got " + std::to_string(hex.size()));
    PdqHash hash;
    for (int i = 0; i < 64; ++i) {
        const char c = hex[static_cast<std::size_t>(i)];
        int nibble;
        if (c >= '0' && c <= '9') nibble = c - '0';
        else if (c >= 'a' && c <= 'f') nibble = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') nibble = c - 'A' + 10;
        else throw InvalidArgument(std::string("not a hex digit in PDQ hash: '") + c + "'");
        const int word = 15 - i / 4;
        hash.words[word] = static_cast<std::uint16_t>((hash.words[word] << 4) | nibble);
    }
    return hash;
}

int PdqHash::distance(const PdqHash& other) const noexcept {
    int bits = 0;
    for (std::size_t w = 0; w < words.size(); ++w)
        bits += static_cast<int>(std::bitset<16>(words[w] ^ other.words[w]).count());
    return bits;
}

PdqHash pdq(const Image& image) { return hash::pdq_hash(detail::impl_of(image).bgr); }

std::array<PdqHash, 8> pdq_dihedral(const Image& image) {
    return hash::pdq_dihedral_hashes(detail::impl_of(image).bgr).hashes;
}

ImageHashes compute_hashes(const Image& image) {
    const Image::Impl& impl = detail::impl_of(image);
    ImageHashes hashes;
    hashes.sha256 = impl.sha256;
    hashes.md5 = impl.md5;
    hashes.pdq = hash::pdq_hash(impl.bgr);
    cv::Mat phash;
    cv::img_hash::pHash(impl.bgr, phash);
    hashes.phash = hash::hex_bytes(phash.ptr<std::uint8_t>(0), std::size_t(phash.cols));
    return hashes;
}

std::vector<HashOutcome> hash_files(const std::vector<std::string>& paths, const Limits& limits,
                                     int threads, const ProgressCallback& progress) {
    std::vector<HashOutcome> outcomes(paths.size());
    pipeline::parallel_for(
        paths.size(), threads,
        [&](std::size_t i) {
            outcomes[i] = pipeline::outcome_of(paths[i], &HashOutcome::hashes, [&](const std::string& path) {
                return compute_hashes(Image::from_file(path, limits));
            });
        },
        progress);
    return outcomes;
}

LIBDETECT_NAMESPACE_END
