#include "worker_protocol.hpp"

#include "metadata/cbor.hpp"

#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace libdetect::cli {
namespace {

bool write_all(int fd, const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool read_all(int fd, std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::read(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

std::size_t frame_length(const std::uint8_t* header) {
    return std::size_t(header[0]) | std::size_t(header[1]) << 8 | std::size_t(header[2]) << 16 |
           std::size_t(header[3]) << 24;
}

}  // namespace

// nlohmann's CBOR reader recurses once per nesting level: a frame from a
// worker taken over by hostile input could exhaust the scanner's stack. The
// library's bounded, non-recursive checker vets it first.
static bool well_formed(const std::uint8_t* data, std::size_t size) {
    std::size_t end = 0;
    std::string error;
    return metadata::cbor_item_ok(data, size, end, error) && end == size;
}

bool write_frame(int fd, const nlohmann::json& message) {
    const std::vector<std::uint8_t> body = nlohmann::json::to_cbor(message);
    if (body.size() > kMaxFrameBytes) return false;
    const std::uint8_t header[4] = {std::uint8_t(body.size()), std::uint8_t(body.size() >> 8),
                                    std::uint8_t(body.size() >> 16), std::uint8_t(body.size() >> 24)};
    return write_all(fd, header, sizeof header) && write_all(fd, body.data(), body.size());
}

std::optional<nlohmann::json> read_frame(int fd) {
    std::uint8_t header[4];
    if (!read_all(fd, header, sizeof header)) return std::nullopt;
    const std::size_t length = frame_length(header);
    if (length > kMaxFrameBytes) return std::nullopt;
    std::vector<std::uint8_t> body(length);
    if (!read_all(fd, body.data(), length)) return std::nullopt;
    if (!well_formed(body.data(), length)) return std::nullopt;
    nlohmann::json message = nlohmann::json::from_cbor(body, true, false);
    if (message.is_discarded()) return std::nullopt;
    return message;
}

std::optional<nlohmann::json> FrameBuffer::next() {
    if (bytes_.size() < 4) return std::nullopt;
    const std::size_t length = frame_length(bytes_.data());
    if (length > kMaxFrameBytes) throw std::runtime_error("a frame of " + std::to_string(length) + " bytes");
    if (bytes_.size() - 4 < length) return std::nullopt;
    if (!well_formed(bytes_.data() + 4, length)) throw std::runtime_error("a frame that is not one CBOR item of bounded depth");
    nlohmann::json message = nlohmann::json::from_cbor(bytes_.begin() + 4, bytes_.begin() + 4 + long(length), true, false);
    bytes_.erase(bytes_.begin(), bytes_.begin() + 4 + long(length));
    if (message.is_discarded()) throw std::runtime_error("a frame that is not CBOR");
    return message;
}

}  // namespace libdetect::cli
