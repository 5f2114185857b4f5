// A bounded reader for the few CBOR structures nlohmann-json cannot load:
// COSE_Sign1 signatures (RFC 9052), whose header maps have integer keys
// (nlohmann's CBOR parser accepts only text keys). It also checks that a
// CBOR item is well formed and not nested too deep before nlohmann (whose
// parser recurses) sees it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace libdetect::metadata {

constexpr int kMaxCborDepth = 64;

// True when [data, data + size) begins with one well-formed CBOR item
// nested at most kMaxCborDepth deep; `end` receives its length.
bool cbor_item_ok(const std::uint8_t* data, std::size_t size, std::size_t& end, std::string& error);

struct CoseSignature {
    std::optional<std::int64_t> algorithm;          // COSE alg, e.g. -7 ES256, -37 PS256
    std::vector<std::vector<std::uint8_t>> x5chain;  // DER certificates, signer first
};

// Reads a COSE_Sign1 (tagged 18 or not); empty with `error` set when it
// is not one.
std::optional<CoseSignature> read_cose_sign1(const std::uint8_t* data, std::size_t size, std::string& error);

const char* cose_algorithm_name(std::int64_t algorithm);

}  // namespace libdetect::metadata
