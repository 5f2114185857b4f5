#pragma once

#include "metadata/text_record.hpp"

namespace libdetect::metadata {

// Walks a PNG's chunks (length, type, data, CRC-32): text chunks (tEXt,
// zTXt, iTXt; XMP arrives as iTXt "XML:com.adobe.xmp"), eXIf, and the C2PA
// store in caBX. A length that runs past the end stops the walk; a CRC
// mismatch is reported and the chunk still read.
ContainerMetadata read_png_metadata(const std::uint8_t* data, std::size_t size);

}  // namespace libdetect::metadata
