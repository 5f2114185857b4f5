#include "metadata/stealth_pnginfo.hpp"

#include "metadata/inflate.hpp"
#include "metadata/text_record.hpp"

#include <cstdint>

namespace libdetect::metadata {
namespace {

constexpr int kSignatureBits = 15 * 8;
constexpr int kLengthBits = 32;

// The low bits of the chosen channels, in the extension's order.
class LowBits {
public:
    LowBits(const cv::Mat& pixels, bool alpha) : pixels_(pixels), alpha_(alpha) {}

    std::size_t available() const {
        return std::size_t(pixels_.total()) * (alpha_ ? 1 : 3);
    }
    // Bit `i` of the stream.
    int at(std::size_t i) const {
        const std::size_t per_pixel = alpha_ ? 1 : 3;
        const std::size_t pixel = i / per_pixel;
        const int x = static_cast<int>(pixel / std::size_t(pixels_.rows));
        const int y = static_cast<int>(pixel % std::size_t(pixels_.rows));
        const std::uint8_t* p = pixels_.ptr<std::uint8_t>(y) + std::size_t(x) * pixels_.channels();
        // OpenCV stores B, G, R(, A); the stream reads R, G, B.
        const int channel = alpha_ ? 3 : 2 - static_cast<int>(i % per_pixel);
        return p[channel] & 1;
    }
    std::uint64_t number(std::size_t from, int bits) const {
        std::uint64_t value = 0;
        for (int b = 0; b < bits; ++b) value = value << 1 | std::uint64_t(at(from + std::size_t(b)));
        return value;
    }
    std::string bytes(std::size_t from, std::size_t count) const {
        std::string out(count, '\0');
        for (std::size_t i = 0; i < count; ++i) out[i] = static_cast<char>(number(from + 8 * i, 8));
        return out;
    }

private:
    const cv::Mat& pixels_;
    bool alpha_;
};

std::optional<StealthRecord> read_channel(const cv::Mat& pixels, bool alpha) {
    const LowBits bits(pixels, alpha);
    if (bits.available() < std::size_t(kSignatureBits + kLengthBits)) return std::nullopt;
    const std::string signature = bits.bytes(0, kSignatureBits / 8);
    const std::string plain = alpha ? "stealth_pnginfo" : "stealth_rgbinfo";
    const std::string packed = alpha ? "stealth_pngcomp" : "stealth_rgbcomp";
    if (signature != plain && signature != packed) return std::nullopt;
    StealthRecord record;
    record.channel = alpha ? "alpha" : "rgb";
    record.compressed = signature == packed;
    const std::uint64_t length_bits = bits.number(kSignatureBits, kLengthBits);
    const std::size_t start = kSignatureBits + kLengthBits;
    // Caps before reading: the stored data may not claim more than the
    // image holds, nor (compressed or not) more than a text field may hold.
    if (length_bits % 8 != 0 || length_bits > bits.available() - start || length_bits / 8 > kMaxTextBytes) {
        record.problem = "the signature is there, but the length it gives (" + std::to_string(length_bits) +
                         " bits) does not fit the image or the text cap";
        return record;
    }
    std::string data = bits.bytes(start, std::size_t(length_bits / 8));
    if (record.compressed) {
        std::string text;
        const auto result = inflate_bounded(reinterpret_cast<const std::uint8_t*>(data.data()), data.size(),
                                            kMaxTextBytes, text, /*gzip=*/true);
        if (result == InflateResult::malformed) {
            record.problem = "the signature is there, but the gzip data is malformed";
            return record;
        }
        if (result == InflateResult::truncated)
            record.problem = "the gzip data inflates past the 1 MiB text cap; only its start is kept";
        data = std::move(text);
    }
    record.text = valid_utf8(data);
    return record;
}

}  // namespace

std::optional<StealthRecord> read_stealth_pnginfo(const cv::Mat& pixels) {
    if (pixels.depth() != CV_8U || (pixels.channels() != 3 && pixels.channels() != 4) || pixels.empty())
        return std::nullopt;
    if (pixels.channels() == 4)
        if (auto record = read_channel(pixels, true)) return record;
    return read_channel(pixels, false);
}

}  // namespace libdetect::metadata
