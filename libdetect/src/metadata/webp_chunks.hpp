#pragma once

#include "metadata/text_record.hpp"

namespace libdetect::metadata {

// Walks a WebP's RIFF chunks: EXIF, "XMP " and C2PA.
ContainerMetadata read_webp_metadata(const std::uint8_t* data, std::size_t size);

}  // namespace libdetect::metadata
