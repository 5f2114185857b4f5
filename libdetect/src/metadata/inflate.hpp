#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace libdetect::metadata {

enum class InflateResult { complete, truncated, malformed };

// zlib-decompresses (gzip: a gzip stream) at most `limit` bytes into `out`:
// a small chunk that claims gigabytes (a zip bomb) costs no more than the limit.
InflateResult inflate_bounded(const std::uint8_t* data, std::size_t size, std::size_t limit, std::string& out,
                              bool gzip = false);

}  // namespace libdetect::metadata
