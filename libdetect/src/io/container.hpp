// Facts read from an encoded image's container before (and independently of)
// pixel decoding: format, dimensions from the header, EXIF orientation, and
// for JPEG the quantization tables. Reading them allocates nothing
// proportional to the pixel count, so limits can be enforced first.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace libdetect::io {

struct QuantTable {
    int slot = 0;                       // DQT table id (0..3)
    std::array<std::uint16_t, 64> values{};  // natural (row-major) order
};

struct JpegFacts {
    int components = 0;
    bool progressive = false;
    std::vector<QuantTable> quant_tables;  // tables actually used by components
    // For each component, the index in quant_tables of the table it uses.
    std::vector<int> component_table;
};

struct ContainerFacts {
    std::string format;  // "jpeg", "png", "webp", "tiff", "bmp"
    int width = 0;
    int height = 0;
    int exif_orientation = 1;  // 1..8; 1 when absent or invalid
    std::optional<JpegFacts> jpeg;
    // What is wrong with the encoded pixel data although it decoded (a
    // truncated or corrupt JPEG scan), empty when intact.
    std::string damage;
    // How the stored pixels differ from what every analyzer reads (8-bit
    // BGR): "16-bit samples reduced to 8 bits", "alpha channel dropped", ...
    // Empty when the file already holds 8-bit colour or grey.
    std::vector<std::string> conversions;
};

// The wording of the conversion that drops an alpha channel (also for raw pixels).
extern const char* const kAlphaDropped;

// The format named by the file signature, or an empty string.
std::string sniff_format(const std::uint8_t* data, std::size_t size);

// Reads the container header. Throws DecodeError for unknown, malformed or
// truncated containers.
ContainerFacts read_container(const std::uint8_t* data, std::size_t size);

}  // namespace libdetect::io
