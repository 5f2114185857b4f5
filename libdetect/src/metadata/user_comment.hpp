// EXIF UserComment (tag 0x9286): an 8-byte character-code prefix, then the
// text. Generators write their parameters here, not always as the standard
// says: Civitai writes "UNICODE" text as UTF-16 big-endian inside a
// little-endian EXIF, and some savers put the tag in IFD0 instead of the
// Exif sub-IFD, where exiv2 sees only undefined bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace libdetect::metadata {

// The comment as valid UTF-8 (at most kMaxTextBytes). "UNICODE" text is
// decoded as UTF-16 in both byte orders and the reading that looks like
// text is kept (the EXIF's own order on a tie); "ASCII", "JIS" and
// undefined text are taken as bytes.
std::string decode_user_comment(const std::uint8_t* data, std::size_t size, bool exif_little_endian);

}  // namespace libdetect::metadata
