#pragma once

#include "metadata/text_record.hpp"

#include <string>

namespace libdetect::metadata {

// The container parser for `format` ("png", "jpeg", "webp"); other formats
// give an empty record (exiv2 still reads their EXIF/XMP).
ContainerMetadata read_container_metadata(const std::uint8_t* data, std::size_t size, const std::string& format);

}  // namespace libdetect::metadata
