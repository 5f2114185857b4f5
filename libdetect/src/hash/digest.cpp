#include "hash/digest.hpp"

#include <libdetect/hashes.hpp>

#include <libdetect/error.hpp>

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>
#include <vector>

namespace libdetect::hash {
namespace {

// Feeds `feed(ctx)` into a digest and returns its lower-case hex.
template <typename Feed>
std::string digest_hex(const EVP_MD* algorithm, Feed&& feed) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), algorithm, nullptr) != 1 || !feed(ctx.get()) ||
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1) {
        throw Error(std::string("digest computation failed in libcrypto: ") + EVP_MD_get0_name(algorithm));
    }
    return hex_bytes(digest.data(), length);
}

std::string digest_hex(const EVP_MD* algorithm, const std::uint8_t* data, std::size_t size) {
    return digest_hex(algorithm, [&](EVP_MD_CTX* ctx) { return EVP_DigestUpdate(ctx, data, size) == 1; });
}

}  // namespace

std::string hex_bytes(const std::uint8_t* data, std::size_t size) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex.push_back(kHex[data[i] >> 4]);
        hex.push_back(kHex[data[i] & 0x0f]);
    }
    return hex;
}

std::string sha256_hex(const std::uint8_t* data, std::size_t size) {
    return digest_hex(EVP_sha256(), data, size);
}

std::string md5_hex(const std::uint8_t* data, std::size_t size) {
    return digest_hex(EVP_md5(), data, size);
}

}  // namespace libdetect::hash

LIBDETECT_NAMESPACE_BEGIN

std::string file_sha256(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open '" + path + "'");
    std::vector<char> block(1 << 20);
    return hash::digest_hex(EVP_sha256(), [&](EVP_MD_CTX* ctx) {
        while (in.read(block.data(), std::streamsize(block.size())) || in.gcount() > 0)
            if (EVP_DigestUpdate(ctx, block.data(), std::size_t(in.gcount())) != 1) return false;
        if (in.bad()) throw IoError("cannot read '" + path + "'");
        return true;
    });
}

LIBDETECT_NAMESPACE_END
