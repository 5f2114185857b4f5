// libFuzzer harness: the whole path an evidence file takes before the pixel
// analyzers — Image::from_bytes (container sniffing, header limits, the
// OpenCV decoders, integrity checks, hashes) and then the metadata analyzer
// (exiv2, PNG/JPEG/WebP chunk readers, XMP, C2PA/JUMBF/CBOR, thumbnails,
// stealth pnginfo). A libdetect::Error is the documented answer to bad input;
// any other exception from the analyzer is what the pipeline turns into an
// analyzer error (pipeline/run_analyzer.cpp), so the harness does the same;
// anything else (a crash, a sanitizer report, an escaping exception from the
// decoder) is a finding.
#include "io/image_impl.hpp"
#include "metadata/metadata_analyzer.hpp"

#include <libdetect/error.hpp>
#include <libdetect/image.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    libdetect::Limits limits;
    limits.max_pixels = 4'000'000;  // the fuzzer's memory limit, not the product's
    limits.max_file_bytes = std::size_t(1) << 20;
    try {
        const libdetect::Image image =
            libdetect::Image::from_bytes(std::vector<std::uint8_t>(data, data + size), "fuzz", limits);
        try {
            libdetect::metadata::MetadataAnalyzer().analyze({libdetect::detail::impl_of(image), false, false});
        } catch (const std::exception&) {
        }
    } catch (const libdetect::Error&) {
    }
    return 0;
}
