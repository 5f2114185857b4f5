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

// Text is copied only up to the caps: a 100-MB chunk costs no more memory
// than a 1-MB one.
constexpr std::size_t kMaxKeyword = 80;  // PNG keywords are 1-79 bytes

// The NUL-terminated field starting at `at` (at most `limit` bytes long);
// false when no NUL ends it in time.
bool field_at(const std::uint8_t* body, std::size_t length, std::size_t at, std::size_t limit, std::string& field,
              std::size_t& next) {
    const std::size_t end = std::min(length, at + limit + 1);
    for (std::size_t i = at; i < end; ++i)
        if (body[i] == 0) {
            field.assign(reinterpret_cast<const char*>(body + at), i - at);
            next = i + 1;
            return true;
        }
    return false;
}

std::string capped_text(const std::uint8_t* body, std::size_t length, std::size_t at) {
    const std::size_t n = at < length ? std::min(length - at, kMaxTextBytes + 1) : 0;
    return std::string(reinterpret_cast<const char*>(body + at), n);  // one byte over the cap marks truncation
}

// Inflates no further than the field cap (one byte over marks truncation):
// what is kept is all that is ever read, so thousands of small bombs cost
// no more than their kept text.
std::string inflated(const std::uint8_t* data, std::size_t size, const std::string& where, ContainerMetadata& out) {
    std::string text;
    switch (inflate_bounded(data, size, kMaxTextBytes + 1, text)) {
    case InflateResult::complete: break;
    case InflateResult::truncated:
        out.add_problem(where + ": decompresses to more than " + std::to_string(kMaxTextBytes) +
                        " bytes, the cap of a text field; read up to that");
        break;
    case InflateResult::malformed: out.add_problem(where + ": compressed data is malformed"); break;
    }
    return text;
}

void read_text_chunk(const std::string& type, const std::uint8_t* body, std::size_t length, const std::string& where,
                     ContainerMetadata& out) {
    std::string key;
    std::size_t at = 0;
    if (!field_at(body, length, 0, kMaxKeyword, key, at)) {
        out.add_problem(where + ": no NUL after the keyword");
        return;
    }
    if (type == "tEXt") {
        out.add_text("png:tEXt", latin1_to_utf8(key), latin1_to_utf8(capped_text(body, length, at)));
    } else if (type == "zTXt") {
        if (out.texts.size() >= kMaxRecords) {  // it would be ignored: do not inflate it
            out.add_text("png:zTXt", latin1_to_utf8(key), {});
            return;
        }
        if (at >= length || body[at] != 0) {
            out.add_problem(where + ": unknown compression method");
            return;
        }
        out.add_text("png:zTXt", latin1_to_utf8(key), latin1_to_utf8(inflated(body + at + 1, length - at - 1, where, out)));
    } else {  // iTXt: flag, method, language\0, translated keyword\0, text
        if (at + 2 > length) {
            out.add_problem(where + ": truncated iTXt header");
            return;
        }
        const bool compressed = body[at] != 0;
        std::string language, translated;
        std::size_t text_at = 0, after_language = 0;
        if (!field_at(body, length, at + 2, kMaxKeyword, language, after_language) ||
            !field_at(body, length, after_language, kMaxTextBytes, translated, text_at)) {
            out.add_problem(where + ": truncated iTXt header");
            return;
        }
        // Only the first XMP packet and the first kMaxRecords texts are kept;
        // the rest are not inflated.
        const bool kept = key == kXmpKeyword ? out.xmp.empty() : out.texts.size() < kMaxRecords;
        std::string text = !kept ? std::string()
                           : compressed ? inflated(body + text_at, length - text_at, where, out)
                                        : capped_text(body, length, text_at);
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
            read_text_chunk(name, body, length, where, out);
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
