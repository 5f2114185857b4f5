// Hand-built JUMBF boxes, CBOR and COSE structures and a throwaway signing
// certificate, for the C2PA reader's tests.
#pragma once

#include "container_builders.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

namespace libdetect::test {

inline Bytes jumbf_box(const std::string& type, const Bytes& payload) {
    Bytes b;
    put_u32be(b, static_cast<std::uint32_t>(payload.size() + 8));
    append(b, type);
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

// A superbox: description (UUID, toggles 0x03 = requestable + label, label)
// then the children.
inline Bytes jumbf_superbox(const std::string& label, const std::vector<Bytes>& children) {
    Bytes description(16, 0x11);
    description.push_back(0x03);
    append(description, label);
    description.push_back(0);
    Bytes payload = jumbf_box("jumd", description);
    for (const auto& c : children) payload.insert(payload.end(), c.begin(), c.end());
    return jumbf_box("jumb", payload);
}

inline Bytes cbor_box(const std::string& label, const nlohmann::json& json) {
    return jumbf_superbox(label, {jumbf_box("cbor", nlohmann::json::to_cbor(json))});
}

// A self-signed EC certificate with the given common name, DER-encoded.
inline Bytes test_certificate(const std::string& common_name) {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr),
                                                                    EVP_PKEY_CTX_free);
    EVP_PKEY* raw = nullptr;
    EVP_PKEY_keygen_init(ctx.get());
    EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx.get(), NID_X9_62_prime256v1);
    EVP_PKEY_keygen(ctx.get(), &raw);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(raw, EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 7);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("libdetect tests"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                               -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509_sign(cert.get(), key.get(), EVP_sha256());
    unsigned char* der = nullptr;
    const int length = i2d_X509(cert.get(), &der);
    Bytes out(der, der + length);
    OPENSSL_free(der);
    return out;
}

inline void cbor_head(Bytes& b, int major, std::uint64_t value) {
    if (value < 24) {
        b.push_back(static_cast<std::uint8_t>((major << 5) | value));
    } else if (value < 256) {
        b.push_back(static_cast<std::uint8_t>((major << 5) | 24));
        b.push_back(static_cast<std::uint8_t>(value));
    } else {
        b.push_back(static_cast<std::uint8_t>((major << 5) | 25));
        b.push_back(static_cast<std::uint8_t>(value >> 8));
        b.push_back(static_cast<std::uint8_t>(value & 0xFF));
    }
}

inline void cbor_bytes(Bytes& b, const Bytes& data) {
    cbor_head(b, 2, data.size());
    b.insert(b.end(), data.begin(), data.end());
}

// COSE_Sign1: tag 18, [protected {1: -7}, unprotected {33: cert}, nil, signature].
inline Bytes cose_sign1(const Bytes& certificate) {
    Bytes protected_map;
    cbor_head(protected_map, 5, 1);
    cbor_head(protected_map, 0, 1);
    cbor_head(protected_map, 1, 6);  // -7: ES256
    Bytes cose;
    cbor_head(cose, 6, 18);
    cbor_head(cose, 4, 4);
    cbor_bytes(cose, protected_map);
    cbor_head(cose, 5, 1);
    cbor_head(cose, 0, 33);
    cbor_bytes(cose, certificate);
    cose.push_back(0xF6);  // nil payload (detached)
    cbor_bytes(cose, Bytes(64, 0xAB));
    return cose;
}

}  // namespace libdetect::test
