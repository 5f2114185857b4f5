#pragma once

#include "io/container.hpp"

namespace libdetect::io {

// JPEG header via libjpeg (dimensions, quantization tables, EXIF orientation)
// plus a check that the entropy-coded data is followed by an end-of-image
// marker, since libjpeg only warns about truncation and pads the picture grey.
ContainerFacts read_jpeg_container(const std::uint8_t* data, std::size_t size);

}  // namespace libdetect::io
