#include "metadata/jumbf.hpp"

#include "io/byte_reader.hpp"
#include "metadata/text_record.hpp"

namespace libdetect::metadata {
namespace {

struct Walk {
    std::vector<std::string>& problems;
    std::size_t boxes = 0;
    bool too_deep_reported = false;
};

std::string label_of(const JumbfBox& description) {
    // jumd: 16-byte type UUID, toggles, then the label (NUL-terminated) when
    // toggle bit 1 is set.
    if (description.payload_size < 17 || !(description.payload[16] & 0x02)) return {};
    const char* start = reinterpret_cast<const char*>(description.payload + 17);
    std::size_t length = 0;
    while (17 + length < description.payload_size && start[length] != '\0') ++length;
    return valid_utf8(std::string(start, length));
}

std::vector<JumbfBox> parse_boxes(const std::uint8_t* data, std::size_t size, int depth, Walk& walk) {
    std::vector<JumbfBox> boxes;
    const io::ByteReader r(data, size);
    std::size_t at = 0;
    while (r.has(at, 8)) {
        if (++walk.boxes > kMaxJumbfBoxes) {
            if (walk.boxes == kMaxJumbfBoxes + 1)
                walk.problems.push_back("JUMBF: more than " + std::to_string(kMaxJumbfBoxes) + " boxes; the rest ignored");
            break;
        }
        std::uint64_t length = *r.u32(at, true);
        std::size_t header = 8;
        if (length == 1) {
            if (!r.has(at + 8, 8)) break;
            length = (std::uint64_t(*r.u32(at + 8, true)) << 32) | *r.u32(at + 12, true);
            header = 16;
        } else if (length == 0) {
            length = size - at;  // to the end
        }
        if (length < header || length > size - at) {
            walk.problems.push_back("JUMBF box at byte " + std::to_string(at) + ": its length (" +
                                    std::to_string(length) + ") runs past its container");
            break;
        }
        JumbfBox box;
        box.type = valid_utf8(std::string(reinterpret_cast<const char*>(data + at + 4), 4));
        box.payload = data + at + header;
        box.payload_size = static_cast<std::size_t>(length) - header;
        if (box.type == "jumb") {
            if (depth >= kMaxJumbfDepth) {
                if (!walk.too_deep_reported)
                    walk.problems.push_back("JUMBF nested deeper than " + std::to_string(kMaxJumbfDepth) +
                                            " levels; the deeper boxes are ignored");
                walk.too_deep_reported = true;
            } else {
                std::vector<JumbfBox> inner = parse_boxes(box.payload, box.payload_size, depth + 1, walk);
                if (!inner.empty() && inner.front().type == "jumd") {
                    box.label = label_of(inner.front());
                    inner.erase(inner.begin());
                } else {
                    walk.problems.push_back("JUMBF superbox at byte " + std::to_string(at) + " has no description box");
                }
                box.children = std::move(inner);
            }
        }
        boxes.push_back(std::move(box));
        at += static_cast<std::size_t>(length);
    }
    return boxes;
}

}  // namespace

const JumbfBox* JumbfBox::child(const std::string& wanted) const {
    for (const auto& c : children)
        if (c.type == "jumb" && c.label == wanted) return &c;
    return nullptr;
}

const JumbfBox* JumbfBox::content() const {
    for (const auto& c : children)
        if (c.type != "jumb") return &c;
    return nullptr;
}

std::vector<JumbfBox> parse_jumbf(const std::uint8_t* data, std::size_t size, std::vector<std::string>& problems) {
    Walk walk{problems};
    return parse_boxes(data, size, 0, walk);
}

}  // namespace libdetect::metadata
