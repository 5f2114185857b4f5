// JUMBF boxes (ISO/IEC 19566-5), the container of a C2PA manifest store:
// LBox (4 bytes), TBox (4 characters), optional XLBox (8 bytes), payload.
// A superbox ("jumb") starts with a description box ("jumd") that gives
// its label.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace libdetect::metadata {

constexpr int kMaxJumbfDepth = 16;       // a C2PA store is 4-5 levels deep
constexpr std::size_t kMaxJumbfBoxes = 4096;

struct JumbfBox {
    std::string type;                    // "jumb", "cbor", "json", "bidb", ...
    std::string label;                   // superboxes: the jumd label
    const std::uint8_t* payload = nullptr;  // content boxes: their payload (points into the store)
    std::size_t payload_size = 0;
    std::vector<JumbfBox> children;      // superboxes: their boxes after jumd

    const JumbfBox* child(const std::string& label) const;
    // The first content box of a superbox (an assertion's CBOR or JSON).
    const JumbfBox* content() const;
};

// The top-level boxes; what is malformed goes into `problems` and the walk
// keeps what it read.
std::vector<JumbfBox> parse_jumbf(const std::uint8_t* data, std::size_t size, std::vector<std::string>& problems);

}  // namespace libdetect::metadata
