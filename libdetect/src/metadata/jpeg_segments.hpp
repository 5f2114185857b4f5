#pragma once

#include "metadata/text_record.hpp"

namespace libdetect::metadata {

// Walks a JPEG's marker segments up to the first scan: COM text, APP1 EXIF
// and XMP, APP11 JUMBF (C2PA) reassembled across segments, and the names of
// other APPn segments (which editors and cameras leave behind).
ContainerMetadata read_jpeg_metadata(const std::uint8_t* data, std::size_t size);

}  // namespace libdetect::metadata
