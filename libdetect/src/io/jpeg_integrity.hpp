// Whether a JPEG's entropy-coded data is intact. libjpeg decodes a damaged
// file anyway (a truncated scan is filled with grey, garbage in the middle
// is decoded as noise) and only warns; OpenCV drops the warning. Forensic
// analyzers then read the decoder's inventions as manipulation, so a damaged
// file must say so in its report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace libdetect::io {

// Empty when libjpeg reads every scan of the file without a warning; else
// what was wrong (libjpeg's first warning and how many there were). Reads
// the DCT coefficients only (entropy decoding, no IDCT). A file libjpeg
// cannot read at all is described the same way, never thrown.
std::string jpeg_damage(const std::uint8_t* data, std::size_t size);

}  // namespace libdetect::io
