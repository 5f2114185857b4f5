#include "metadata/container.hpp"

#include "metadata/jpeg_segments.hpp"
#include "metadata/png_chunks.hpp"
#include "metadata/webp_chunks.hpp"

namespace libdetect::metadata {

ContainerMetadata read_container_metadata(const std::uint8_t* data, std::size_t size, const std::string& format) {
    if (format == "png") return read_png_metadata(data, size);
    if (format == "jpeg") return read_jpeg_metadata(data, size);
    if (format == "webp") return read_webp_metadata(data, size);
    ContainerMetadata none;
    none.container = format;
    return none;
}

}  // namespace libdetect::metadata
