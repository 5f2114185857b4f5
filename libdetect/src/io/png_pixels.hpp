// The part of a PNG that defines its pixels, for the decoder. libpng
// inflates every zTXt, iTXt and iCCP chunk it meets (up to 1,000 of them,
// 8 MB each) although OpenCV uses none of them: 5,000 small compressed text
// chunks cost 37 s and 4.2 GB there. The metadata analyzer reads those
// chunks itself, within its own caps (metadata/png_chunks.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace libdetect::io {

// The PNG's signature and its critical chunks (IHDR, PLTE, IDAT, IEND and
// any unknown critical one, so that the decoder still refuses it) plus tRNS,
// in file order; ancillary chunks are left out. A chunk whose length runs
// past the end of the data ends the copy there (the decoder then sees a
// truncated file, as it is). Bytes after IEND are left out.
std::vector<std::uint8_t> png_pixel_chunks(const std::uint8_t* data, std::size_t size);

}  // namespace libdetect::io
