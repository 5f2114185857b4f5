#include "metadata/inflate.hpp"

#include <zlib.h>

#include <limits>

namespace libdetect::metadata {

InflateResult inflate_bounded(const std::uint8_t* data, std::size_t size, std::size_t limit, std::string& out,
                              bool gzip) {
    out.clear();
    if (size > std::numeric_limits<uInt>::max()) return InflateResult::malformed;
    z_stream stream{};
    // 15: the largest window; +16: a gzip header and trailer instead of zlib's.
    if (inflateInit2(&stream, gzip ? 15 + 16 : 15) != Z_OK) return InflateResult::malformed;
    stream.next_in = const_cast<Bytef*>(data);
    stream.avail_in = static_cast<uInt>(size);
    char buffer[16384];
    int status = Z_OK;
    while (status == Z_OK && out.size() < limit) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof(buffer);
        status = inflate(&stream, Z_NO_FLUSH);
        const std::size_t produced = sizeof(buffer) - stream.avail_out;
        out.append(buffer, std::min(produced, limit - out.size()));
        if (status == Z_BUF_ERROR && stream.avail_in == 0) break;  // input ended early
    }
    inflateEnd(&stream);
    if (status == Z_STREAM_END) return InflateResult::complete;
    if (out.size() >= limit) return InflateResult::truncated;
    return InflateResult::malformed;
}

}  // namespace libdetect::metadata
