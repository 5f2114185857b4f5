// AUTOMATIC1111's "stealth pnginfo" (the stealth-pnginfo extension, also
// read by sd-parsers): generation parameters hidden in the least significant
// bits of the alpha channel, or of R, G and B, where no metadata tool looks
// and where stripping metadata does not reach. Bits run column by column
// (x outer, y inner), most significant bit first: a 15-byte signature
// ("stealth_pnginfo"/"stealth_pngcomp" in alpha, "stealth_rgbinfo"/
// "stealth_rgbcomp" in RGB; "comp": gzip), a 32-bit length in bits, the data.
#pragma once

#include <opencv2/core.hpp>

#include <optional>
#include <string>

namespace libdetect::metadata {

struct StealthRecord {
    std::string channel;  // "alpha" or "rgb"
    bool compressed = false;
    std::string text;     // valid UTF-8, at most kMaxTextBytes
    std::string problem;  // non-empty when the signature was there but the data was not readable
};

// `pixels`: 8-bit BGR or BGRA as OpenCV decodes them. Nothing when neither
// signature is present (random low bits almost never spell one).
std::optional<StealthRecord> read_stealth_pnginfo(const cv::Mat& pixels);

}  // namespace libdetect::metadata
