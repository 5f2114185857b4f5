// libFuzzer harness: JUMBF boxes, the CBOR checker, COSE and the C2PA
// reader (the input is both the manifest store and the file it binds).
#include "metadata/c2pa.hpp"
#include "metadata/cbor.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> store(data, data + size);
    const auto c2pa = libdetect::metadata::read_c2pa(store, data, size);
    std::size_t end = 0;
    std::string error;
    libdetect::metadata::cbor_item_ok(data, size, end, error);
    libdetect::metadata::read_cose_sign1(data, size, error);
    return c2pa.manifests < 0 ? 1 : 0;
}
