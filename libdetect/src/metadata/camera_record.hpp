#pragma once

#include <map>
#include <string>
#include <vector>

namespace libdetect::metadata {

// What a camera's EXIF record says and whether it holds together.
struct CameraRecord {
    bool present = false;                 // make or model, and a capture time
    std::vector<std::string> inconsistencies;
    std::string edited_with;              // an editor named in Software, if any
};

// fields: exiv2 keys to text (EmbeddedRecord::fields); width/height of the
// stored picture (either orientation is accepted).
CameraRecord check_camera_record(const std::map<std::string, std::string>& fields, int width, int height);

}  // namespace libdetect::metadata
