#include "metadata/webp_chunks.hpp"

#include "io/byte_reader.hpp"

#include <algorithm>

namespace libdetect::metadata {

ContainerMetadata read_webp_metadata(const std::uint8_t* data, std::size_t size) {
    ContainerMetadata out;
    out.container = "webp";
    const io::ByteReader r(data, size);
    if (!r.matches(0, "RIFF", 4) || !r.matches(8, "WEBP", 4)) {
        out.add_problem("not a RIFF WebP header");
        return out;
    }
    std::size_t at = 12;
    while (r.has(at, 8)) {
        const std::uint32_t length = *r.u32(at + 4, false);
        const std::string where = "WebP chunk '" + valid_utf8(std::string(reinterpret_cast<const char*>(data + at), 4)) +
                                  "' at byte " + std::to_string(at);
        if (!r.has(at + 8, length)) {
            out.add_problem(where + ": its length (" + std::to_string(length) + ") runs past the end of the file");
            break;
        }
        const std::uint8_t* body = data + at + 8;
        if (r.matches(at, "EXIF", 4)) {
            // Some writers keep JPEG's "Exif\0\0" prefix; the TIFF header follows it.
            const std::size_t skip = (length >= 6 && r.matches(at + 8, "Exif\0\0", 6)) ? 6 : 0;
            if (out.exif.empty()) out.exif.assign(body + skip, body + length);
        } else if (r.matches(at, "XMP ", 4)) {
            if (out.xmp.empty())
                out.xmp = valid_utf8(std::string(reinterpret_cast<const char*>(body), std::min<std::size_t>(length, kMaxTextBytes)));
        } else if (r.matches(at, "C2PA", 4)) {
            if (out.c2pa.empty()) out.c2pa.assign(body, body + length);
        }
        at += 8 + length + (length & 1);  // chunks are padded to even sizes
    }
    return out;
}

}  // namespace libdetect::metadata
