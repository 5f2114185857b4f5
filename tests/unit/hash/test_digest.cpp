#include "hash/digest.hpp"

#include <catch2/catch.hpp>

#include <string>

using libdetect::hash::sha256_hex;

static std::string digest(const std::string& text) {
    return sha256_hex(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

TEST_CASE("SHA-256 matches the FIPS 180-2 test vectors", "[hash]") {
    CHECK(digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("MD5 matches the RFC 1321 test vectors", "[hash]") {
    auto md5 = [](const std::string& text) {
        return libdetect::hash::md5_hex(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    };
    CHECK(md5("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(md5("abc") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(md5("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
}
