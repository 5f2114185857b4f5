#include "metadata/png_chunks.hpp"

#include "io/byte_reader.hpp"
#include "metadata/inflate.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace libdetect::metadata {
namespace {

constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr const char* kXmpKeyword = "XML:com.adobe.xmp";

std::string chunk_name(const std::uint8_t* type) { return valid_utf8(std::string(reinterpret_cast<const char*>(type), 4)); }

// Splits at the first NUL; false when there is none.
bool split_at_nul(const std::string& s, std::size_t from, std::string& head, std::size_t& rest) {
    const std::size_t nul = s.find('\0', from);
    if (nul == std::string::npos) return false;
    head = s.substr(from, nul - from);
    rest = nul + 1;
    return true;
}

std::string inflated(const std::string& compressed, const std::string& where, ContainerMetadata& out) {
    std::string text;
    switch (inflate_bounded(reinterpret_cast<const std::uint8_t*>(compressed.data()), compressed.size(),
                            kMaxInflatedBytes, text)) {
    case InflateResult::complete: break;
    case InflateResult::truncated:
        out.add_problem(where + ": decompresses to more than " + std::to_string(kMaxInflatedBytes) +
                        " bytes; read up to that");
        break;
    case InflateResult::malformed: out.add_problem(where + ": compressed data is malformed"); break;
    }
    return text;
}

void read_text_chunk(const std::string& type, const std::string& body, const std::string& where,
                     ContainerMetadata& out) {
    std::string key;
    std::size_t at = 0;
    if (!split_at_nul(body, 0, key, at)) {
        out.add_problem(where + ": no NUL after the keyword");
        return;
    }
    if (type == "tEXt") {
        out.add_text("png:tEXt", latin1_to_utf8(key), latin1_to_utf8(body.substr(at)));
    } else if (type == "zTXt") {
        if (at >= body.size() || body[at] != 0) {
            out.add_problem(where + ": unknown compression method");
            return;
        }
        out.add_text("png:zTXt", latin1_to_utf8(key), latin1_to_utf8(inflated(body.substr(at + 1), where, out)));
    } else {  // iTXt: flag, method, language\0, translated keyword\0, text
        if (at + 2 > body.size()) {
            out.add_problem(where + ": truncated iTXt header");
            return;
        }
        const bool compressed = body[at] != 0;
        std::string language, translated;
        std::size_t text_at = 0, after_language = 0;
        if (!split_at_nul(body, at + 2, language, after_language) ||
            !split_at_nul(body, after_language, translated, text_at)) {
            out.add_problem(where + ": truncated iTXt header");
            return;
        }
        std::string text = compressed ? inflated(body.substr(text_at), where, out) : body.substr(text_at);
        if (key == kXmpKeyword) {
            if (out.xmp.empty()) out.xmp = valid_utf8(text.substr(0, kMaxTextBytes));
        } else {
            out.add_text("png:iTXt", latin1_to_utf8(key), std::move(text));
        }
    }
}

}  // namespace

ContainerMetadata read_png_metadata(const std::uint8_t* data, std::size_t size) {
    ContainerMetadata out;
    out.container = "png";
    const io::ByteReader r(data, size);
    if (!r.has(0, 8) || std::memcmp(data, kSignature, 8) != 0) {
        out.add_problem("not a PNG signature");
        return out;
    }
    std::size_t at = 8;
    bool ended = false;
    while (!ended) {
        if (!r.has(at, 8)) {
            out.add_problem("the file ends without an IEND chunk");
            break;
        }
        const std::uint32_t length = *r.u32(at, true);
        const std::uint8_t* type = data + at + 4;
        const std::string name = chunk_name(type);
        const std::string where = "PNG chunk '" + name + "' at byte " + std::to_string(at);
        if (length > 0x7FFFFFFFu || !r.has(at + 8, std::size_t(length) + 4)) {
            out.add_problem(where + ": its length (" + std::to_string(length) + ") runs past the end of the file");
            break;
        }
        const std::uint8_t* body = data + at + 8;
        const std::uint32_t stored_crc = *r.u32(at + 8 + length, true);
        uLong crc = crc32(0L, type, 4);
        crc = crc32(crc, body, length);
        if (crc != stored_crc) out.add_problem(where + ": CRC mismatch (the chunk was altered or damaged)");

        if (name == "tEXt" || name == "zTXt" || name == "iTXt") {
            read_text_chunk(name, std::string(reinterpret_cast<const char*>(body), length), where, out);
        } else if (name == "eXIf") {
            if (out.exif.empty()) out.exif.assign(body, body + length);
        } else if (name == "caBX") {
            if (out.c2pa.empty()) out.c2pa.assign(body, body + length);
            else out.add_problem(where + ": a second C2PA store; only the first is read");
        } else if (name == "IEND") {
            ended = true;
        }
        at += 12 + std::size_t(length);
    }
    return out;
}

}  // namespace libdetect::metadata
