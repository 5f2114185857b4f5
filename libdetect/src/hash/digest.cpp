#include "hash/digest.hpp"

#include <libdetect/error.hpp>

#include <openssl/evp.h>

#include <array>
#include <memory>

namespace libdetect::hash {
namespace {

std::string digest_hex(const EVP_MD* algorithm, const std::uint8_t* data, std::size_t size) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), algorithm, nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), data, size) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1) {
        throw Error(std::string("digest computation failed in libcrypto: ") + EVP_MD_get0_name(algorithm));
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0x0f]);
    }
    return hex;
}

}  // namespace

std::string sha256_hex(const std::uint8_t* data, std::size_t size) {
    return digest_hex(EVP_sha256(), data, size);
}

std::string md5_hex(const std::uint8_t* data, std::size_t size) {
    return digest_hex(EVP_md5(), data, size);
}

}  // namespace libdetect::hash
