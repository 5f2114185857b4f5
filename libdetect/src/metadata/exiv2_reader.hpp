#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace libdetect::metadata {

// EXIF, XMP and IPTC as exiv2 reads them from the whole file.
struct EmbeddedRecord {
    // The fields that matter (exiv2 keys, e.g. "Exif.Image.Make"), as UTF-8
    // text; UserComment decoded from its charset header.
    std::map<std::string, std::string> fields;
    bool gps_present = false;
    std::optional<double> latitude, longitude;  // degrees, when the GPS tags parse
    std::vector<std::uint8_t> thumbnail;        // embedded EXIF thumbnail, encoded
    std::string thumbnail_type;                 // its MIME type
    std::vector<std::string> problems;
};

// Never throws on malformed metadata: exiv2's errors become problems.
EmbeddedRecord read_embedded_metadata(const std::uint8_t* data, std::size_t size);

}  // namespace libdetect::metadata
