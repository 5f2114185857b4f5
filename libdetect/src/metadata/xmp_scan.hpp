// Finds IPTC's DigitalSourceType in a raw XMP packet when exiv2 could not
// parse the packet. Plain scanning, linear in the packet's length: a
// backtracking matcher (std::regex) recurses once per character and a
// crafted packet overflows the stack (issue 16).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace libdetect::metadata {

// The value of the first DigitalSourceType written as an attribute
// (DigitalSourceType="v"), an element (DigitalSourceType>v<) or a resource
// (DigitalSourceType rdf:resource="v"): the text up to the next '"' or '<'
// (or the packet's end), at least one character long; empty when there is none.
std::optional<std::string> xmp_digital_source_type(std::string_view xmp);

}  // namespace libdetect::metadata
