// Frames between the scanning process and its worker processes: a 4-byte
// little-endian length, then that many bytes of CBOR (nlohmann-json). The
// scanner sends the WorkerConfig once, then one ScanJob at a time; the worker
// answers the config with {"ready": true} or {"fatal_message": why},
// and each job with its JobResult.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace libdetect::cli {

// A reply larger than this is treated as a misbehaving worker: heatmaps and
// an HTML report of a 100-MP image stay far below it.
constexpr std::size_t kMaxFrameBytes = std::size_t(1) << 30;

// Writes one frame to `fd`, retrying short writes; false when the other end
// is gone.
bool write_frame(int fd, const nlohmann::json& message);

// Reads one whole frame from `fd` (blocking); empty at end of file or on a
// malformed frame.
std::optional<nlohmann::json> read_frame(int fd);

// Collects frames from bytes as they arrive on a non-blocking reader.
class FrameBuffer {
public:
    void append(const std::uint8_t* data, std::size_t size) { bytes_.insert(bytes_.end(), data, data + size); }
    // The next complete frame, if one has arrived. Throws std::runtime_error
    // for a frame that is too large or not CBOR.
    std::optional<nlohmann::json> next();
    bool empty() const { return bytes_.empty(); }
    void clear() { bytes_.clear(); }

private:
    std::vector<std::uint8_t> bytes_;
};

}  // namespace libdetect::cli
