// libFuzzer harness: the JPEG segment walker and APP11 JUMBF reassembly.
#include "metadata/jpeg_segments.hpp"
#include "metadata/webp_chunks.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto jpeg = libdetect::metadata::read_jpeg_metadata(data, size);
    const auto webp = libdetect::metadata::read_webp_metadata(data, size);
    return jpeg.texts.size() + webp.texts.size() > 2 * libdetect::metadata::kMaxRecords ? 1 : 0;
}
