// Bounds-checked reads of big/little-endian integers from a byte buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace libdetect::io {

class ByteReader {
public:
    ByteReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    std::size_t size() const { return size_; }
    bool has(std::size_t offset, std::size_t count) const {
        return offset <= size_ && count <= size_ - offset;
    }
    std::optional<std::uint32_t> u8(std::size_t at) const {
        if (!has(at, 1)) return std::nullopt;
        return data_[at];
    }
    std::optional<std::uint32_t> u16(std::size_t at, bool big_endian) const {
        if (!has(at, 2)) return std::nullopt;
        return big_endian ? (std::uint32_t(data_[at]) << 8) | data_[at + 1]
                          : (std::uint32_t(data_[at + 1]) << 8) | data_[at];
    }
    std::optional<std::uint32_t> u24le(std::size_t at) const {
        if (!has(at, 3)) return std::nullopt;
        return std::uint32_t(data_[at]) | (std::uint32_t(data_[at + 1]) << 8) |
               (std::uint32_t(data_[at + 2]) << 16);
    }
    std::optional<std::uint32_t> u32(std::size_t at, bool big_endian) const {
        if (!has(at, 4)) return std::nullopt;
        const std::uint8_t* p = data_ + at;
        return big_endian ? (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) |
                                (std::uint32_t(p[2]) << 8) | p[3]
                          : (std::uint32_t(p[3]) << 24) | (std::uint32_t(p[2]) << 16) |
                                (std::uint32_t(p[1]) << 8) | p[0];
    }
    bool matches(std::size_t at, const char* tag, std::size_t count) const {
        if (!has(at, count)) return false;
        for (std::size_t i = 0; i < count; ++i)
            if (data_[at + i] != static_cast<std::uint8_t>(tag[i])) return false;
        return true;
    }
    const std::uint8_t* ptr(std::size_t at) const { return data_ + at; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
};

}  // namespace libdetect::io
