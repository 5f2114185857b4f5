// Cryptographic and perceptual hashes of images.
#pragma once

#include <libdetect/export.hpp>
#include <libdetect/image.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

LIBDETECT_NAMESPACE_BEGIN

// A 256-bit PDQ hash with its quality (0-100). Bits and hex follow Meta's
// reference: bit k lives in 16-bit word k/16; hex prints words 15..0.
struct LIBDETECT_API PdqHash {
    std::array<std::uint16_t, 16> words{};
    int quality = 0;  // below 50 the hash is too unreliable to match on (upstream advice)

    static constexpr int kMatchThreshold = 31;   // upstream's recommended distance
    static constexpr int kMinUsefulQuality = 50;

    void set_bit(int k) { words[k >> 4] = static_cast<std::uint16_t>(words[k >> 4] | (1u << (k & 15))); }
    bool bit(int k) const { return (words[k >> 4] >> (k & 15)) & 1u; }
    std::string to_hex() const;
    // Parses 64 hex digits; throws InvalidArgument otherwise. Quality is 0.
    static PdqHash from_hex(const std::string& hex);
    int distance(const PdqHash& other) const noexcept;  // Hamming distance 0..256
    bool operator==(const PdqHash& other) const noexcept { return words == other.words; }
};

// Every hash a report carries for one input.
struct ImageHashes {
    std::string sha256;  // of the bytes as read
    std::string md5;     // of the bytes as read (hash lists such as StopNCII carry MD5)
    PdqHash pdq;         // of the stored pixels, as Meta's C++ reference computes it
    std::string phash;   // OpenCV img_hash pHash (64 bits, hex), for comparison
};

// The hashes of one input of a batch, or the error that stopped it.
struct HashOutcome {
    std::string file;
    std::optional<ImageHashes> hashes;
    std::string error_type;     // Error::type() when hashes is empty
    std::string error_message;  // what() when hashes is empty

    bool ok() const noexcept { return hashes.has_value(); }
};

LIBDETECT_API PdqHash pdq(const Image& image);
// The eight dihedral variants, in the reference's order: original, rotate 90,
// rotate 180, rotate 270, flip x, flip y, flip plus-1, flip minus-1.
LIBDETECT_API std::array<PdqHash, 8> pdq_dihedral(const Image& image);
LIBDETECT_API ImageHashes compute_hashes(const Image& image);

// Reads and hashes many files on `threads` workers (0: one per core); a bad
// input becomes an error outcome. Outcomes keep input order.
LIBDETECT_API std::vector<HashOutcome> hash_files(const std::vector<std::string>& paths,
                                                  const Limits& limits = {}, int threads = 0,
                                                  const ProgressCallback& progress = {});

// The lower-case hex SHA-256 of a file's bytes, read in blocks (a scan's
// --resume compares it with earlier records). Throws IoError.
LIBDETECT_API std::string file_sha256(const std::string& path);

LIBDETECT_NAMESPACE_END
