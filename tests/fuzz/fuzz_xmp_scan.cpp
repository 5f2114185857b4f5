// libFuzzer harness: the raw XMP scanner used when exiv2 cannot parse a
// packet (scripts/fuzz.sh builds it with clang; replayed in every test run).
#include "metadata/xmp_scan.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto value =
        libdetect::metadata::xmp_digital_source_type(std::string_view(reinterpret_cast<const char*>(data), size));
    return value && value->size() > size ? 1 : 0;
}
