#include "metadata/cbor.hpp"

#include <cstdint>
#include <vector>

namespace libdetect::metadata {
namespace {

struct Head {
    int major = 0;
    std::uint64_t value = 0;  // argument: length, count or integer
    bool indefinite = false;
};

class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    std::size_t at() const { return at_; }
    bool head(Head& h) {
        if (at_ >= size_) return false;
        const std::uint8_t initial = data_[at_++];
        h.major = initial >> 5;
        const int info = initial & 0x1F;
        h.indefinite = false;
        if (info < 24) {
            h.value = static_cast<std::uint64_t>(info);
        } else if (info <= 27) {
            const std::size_t n = std::size_t{1} << (info - 24);
            if (size_ - at_ < n) return false;
            h.value = 0;
            for (std::size_t i = 0; i < n; ++i) h.value = (h.value << 8) | data_[at_++];
        } else if (info == 31 && h.major >= 2 && h.major <= 5) {
            h.indefinite = true;
        } else if (info == 31 && h.major == 7) {
            h.indefinite = true;  // the "break" code
        } else {
            return false;
        }
        return true;
    }
    bool skip_bytes(std::uint64_t n) {
        if (n > size_ - at_) return false;
        at_ += static_cast<std::size_t>(n);
        return true;
    }
    const std::uint8_t* here() const { return data_ + at_; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

// Skips one item without recursion: a stack of how many items each open
// container (array, map or tag) still expects (-1: indefinite, until a break).
bool skip_item(Reader& r, std::string& error) {
    std::vector<std::int64_t> remaining;
    auto open = [&](std::int64_t count) {
        if (remaining.size() >= static_cast<std::size_t>(kMaxCborDepth)) {
            error = "CBOR nested deeper than " + std::to_string(kMaxCborDepth) + " levels";
            return false;
        }
        remaining.push_back(count);
        return true;
    };
    while (true) {
        Head h;
        if (!r.head(h)) {
            error = "truncated or invalid CBOR";
            return false;
        }
        bool completed = true;  // does this head complete an item?
        if (h.major == 7 && h.indefinite) {  // break: closes an indefinite container
            if (remaining.empty() || remaining.back() != -1) {
                error = "CBOR break outside an indefinite container";
                return false;
            }
            remaining.pop_back();
        } else if (h.major == 6) {
            // A tag is a level of its own: the item it tags follows, and
            // nlohmann's parser recurses once per tag, so nested tags count
            // towards the depth limit like arrays and maps.
            if (!open(1)) return false;
            completed = false;
        } else if ((h.major == 2 || h.major == 3) && !h.indefinite) {
            if (!r.skip_bytes(h.value)) {
                error = "CBOR string runs past the end";
                return false;
            }
        } else if (h.major >= 2 && h.major <= 5) {
            if (h.indefinite) {
                if (!open(-1)) return false;
                completed = false;
            } else if (h.value > (std::uint64_t{1} << 32)) {
                error = "CBOR container claims too many items";
                return false;
            } else if (h.value > 0) {
                if (!open(static_cast<std::int64_t>(h.major == 5 ? 2 * h.value : h.value))) return false;
                completed = false;
            }
        }
        // Count the completed item against its container; a container
        // that is now full is itself a completed item.
        while (completed) {
            if (remaining.empty()) return true;
            if (remaining.back() == -1) break;
            if (--remaining.back() > 0) break;
            remaining.pop_back();
        }
    }
}

std::optional<std::int64_t> read_int(Reader& r) {
    Head h;
    if (!r.head(h) || h.indefinite) return std::nullopt;
    if (h.major == 0 && h.value <= INT64_MAX) return static_cast<std::int64_t>(h.value);
    if (h.major == 1 && h.value < INT64_MAX) return -1 - static_cast<std::int64_t>(h.value);
    return std::nullopt;
}

std::optional<std::vector<std::uint8_t>> read_bytes(Reader& r) {
    Head h;
    if (!r.head(h) || h.major != 2 || h.indefinite) return std::nullopt;
    const std::uint8_t* start = r.here();
    if (!r.skip_bytes(h.value)) return std::nullopt;
    return std::vector<std::uint8_t>(start, start + h.value);
}

// Reads a header map: alg (1) and x5chain (33); other entries skipped.
bool read_header_map(Reader& r, CoseSignature& out, std::string& error) {
    Head h;
    if (!r.head(h) || h.major != 5 || h.indefinite) {
        error = "COSE header is not a definite-length map";
        return false;
    }
    for (std::uint64_t i = 0; i < h.value; ++i) {
        Reader peek = r;
        const auto key = read_int(peek);
        if (!key) {  // a text key: skip key and value
            if (!skip_item(r, error) || !skip_item(r, error)) return false;
            continue;
        }
        r = peek;
        if (*key == 1) {
            Reader value = r;
            if (const auto alg = read_int(value)) {
                out.algorithm = alg;
                r = value;
                continue;
            }
        } else if (*key == 33) {
            Reader value = r;
            if (auto single = read_bytes(value)) {
                out.x5chain.push_back(std::move(*single));
                r = value;
                continue;
            }
            Head array;
            value = r;
            if (value.head(array) && array.major == 4 && !array.indefinite && array.value <= 16) {
                bool ok = true;
                for (std::uint64_t k = 0; k < array.value && ok; ++k) {
                    auto cert = read_bytes(value);
                    ok = cert.has_value();
                    if (ok) out.x5chain.push_back(std::move(*cert));
                }
                if (ok) {
                    r = value;
                    continue;
                }
            }
        }
        if (!skip_item(r, error)) return false;
    }
    return true;
}

}  // namespace

bool cbor_item_ok(const std::uint8_t* data, std::size_t size, std::size_t& end, std::string& error) {
    Reader r(data, size);
    if (!skip_item(r, error)) return false;
    end = r.at();
    return true;
}

std::optional<CoseSignature> read_cose_sign1(const std::uint8_t* data, std::size_t size, std::string& error) {
    Reader r(data, size);
    Head h;
    if (!r.head(h)) {
        error = "empty signature";
        return std::nullopt;
    }
    if (h.major == 6) {  // tag 18: COSE_Sign1
        if (h.value != 18) {
            error = "the signature is tagged " + std::to_string(h.value) + ", not COSE_Sign1 (18)";
            return std::nullopt;
        }
        if (!r.head(h)) {
            error = "truncated signature";
            return std::nullopt;
        }
    }
    if (h.major != 4 || h.indefinite || h.value != 4) {
        error = "the signature is not a COSE_Sign1 array of 4";
        return std::nullopt;
    }
    CoseSignature out;
    const auto protected_bytes = read_bytes(r);
    if (!protected_bytes) {
        error = "COSE protected header is not a byte string";
        return std::nullopt;
    }
    if (!protected_bytes->empty()) {
        Reader inner(protected_bytes->data(), protected_bytes->size());
        if (!read_header_map(inner, out, error)) return std::nullopt;
    }
    if (!read_header_map(r, out, error)) return std::nullopt;
    return out;
}

const char* cose_algorithm_name(std::int64_t algorithm) {
    switch (algorithm) {
    case -7: return "ES256";
    case -35: return "ES384";
    case -36: return "ES512";
    case -37: return "PS256";
    case -38: return "PS384";
    case -39: return "PS512";
    case -8: return "EdDSA";
    default: return "unknown";
    }
}

}  // namespace libdetect::metadata
