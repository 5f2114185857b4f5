#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace libdetect::hash {

// Lower-case hex of a byte range (two digits a byte).
std::string hex_bytes(const std::uint8_t* data, std::size_t size);

// Lower-case hex digests of a byte range, computed by OpenSSL's libcrypto.
std::string sha256_hex(const std::uint8_t* data, std::size_t size);
std::string md5_hex(const std::uint8_t* data, std::size_t size);

}  // namespace libdetect::hash
