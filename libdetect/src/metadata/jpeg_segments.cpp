#include "metadata/jpeg_segments.hpp"

#include "io/byte_reader.hpp"

#include <cstring>
#include <map>

namespace libdetect::metadata {
namespace {

constexpr char kExifHeader[] = "Exif\0\0";
constexpr char kXmpHeader[] = "http://ns.adobe.com/xap/1.0/";  // followed by NUL

// APP11 JUMBF packets of one box instance, by sequence number.
using JumbfPackets = std::map<std::uint32_t, std::vector<std::uint8_t>>;

void add_jumbf_packet(const io::ByteReader& r, std::size_t body, std::size_t length, std::map<std::uint32_t, JumbfPackets>& boxes,
                      const std::string& where, ContainerMetadata& out) {
    // CI "JP", En (box instance), Z (sequence), then the JUMBF box itself;
    // continuation packets repeat the box header (LBox, TBox[, XLBox]).
    if (length < 16 || !r.matches(body, "JP", 2)) return;
    const std::uint32_t instance = *r.u16(body + 2, true);
    const std::uint32_t sequence = *r.u32(body + 4, true);
    if (boxes[instance].count(sequence)) {
        out.add_problem(where + ": JUMBF packet " + std::to_string(sequence) + " appears twice");
        return;
    }
    const std::uint8_t* box = r.ptr(body + 8);
    boxes[instance][sequence].assign(box, box + (length - 8));
}

std::vector<std::uint8_t> reassemble(const JumbfPackets& packets, ContainerMetadata& out) {
    std::vector<std::uint8_t> store;
    std::uint32_t expected = 1;
    for (const auto& [sequence, packet] : packets) {
        if (sequence != expected) {
            out.add_problem("C2PA JUMBF: packet " + std::to_string(expected) + " is missing");
            return {};
        }
        std::size_t skip = 0;
        if (sequence > 1) {
            const io::ByteReader p(packet.data(), packet.size());
            skip = (p.u32(0, true) == 1u) ? 16 : 8;  // LBox == 1: an 8-byte XLBox follows
            if (packet.size() < skip) {
                out.add_problem("C2PA JUMBF: packet " + std::to_string(sequence) + " is truncated");
                return {};
            }
        }
        store.insert(store.end(), packet.begin() + static_cast<std::ptrdiff_t>(skip), packet.end());
        ++expected;
    }
    return store;
}

}  // namespace

ContainerMetadata read_jpeg_metadata(const std::uint8_t* data, std::size_t size) {
    ContainerMetadata out;
    out.container = "jpeg";
    const io::ByteReader r(data, size);
    if (!r.has(0, 2) || data[0] != 0xFF || data[1] != 0xD8) {
        out.add_problem("not a JPEG start-of-image marker");
        return out;
    }
    std::map<std::uint32_t, JumbfPackets> jumbf;
    std::size_t at = 2;
    while (true) {
        if (!r.has(at, 4)) {
            out.add_problem("the file ends inside the JPEG header segments");
            break;
        }
        if (data[at] != 0xFF) {  // stray bytes between segments
            ++at;
            continue;
        }
        const std::uint8_t marker = data[at + 1];
        if (marker == 0xFF) { ++at; continue; }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { at += 2; continue; }
        if (marker == 0xD9 || marker == 0xDA) break;  // end of image, or the scan: no metadata after
        const std::uint32_t length = *r.u16(at + 2, true);
        const std::string where = "JPEG segment 0x" + [&] {
            char hex[3];
            std::snprintf(hex, sizeof hex, "%02X", marker);
            return std::string(hex);
        }() + " at byte " + std::to_string(at);
        if (length < 2 || !r.has(at + 2, length)) {
            out.add_problem(where + ": its length (" + std::to_string(length) + ") runs past the end of the file");
            break;
        }
        const std::size_t body = at + 4, body_length = length - 2;
        const char* text = reinterpret_cast<const char*>(data + body);
        if (marker == 0xFE) {
            out.add_text("jpeg:COM", "comment", std::string(text, body_length));
        } else if (marker == 0xE1 && body_length >= 6 && r.matches(body, kExifHeader, 6)) {
            if (out.exif.empty()) out.exif.assign(data + body + 6, data + body + body_length);
        } else if (marker == 0xE1 && body_length >= sizeof kXmpHeader && r.matches(body, kXmpHeader, sizeof kXmpHeader)) {
            if (out.xmp.empty())
                out.xmp = valid_utf8(std::string(text + sizeof kXmpHeader, body_length - sizeof kXmpHeader));
        } else if (marker == 0xEB) {
            add_jumbf_packet(r, body, body_length, jumbf, where, out);
        }
        at += 2 + length;
    }
    if (!jumbf.empty()) {
        if (jumbf.size() > 1) out.add_problem("C2PA JUMBF: several box instances; only the first is read");
        out.c2pa = reassemble(jumbf.begin()->second, out);
    }
    return out;
}

}  // namespace libdetect::metadata
