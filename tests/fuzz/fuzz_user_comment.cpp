// libFuzzer harness: EXIF UserComment decoding (UTF-16 in both byte orders,
// surrogates, charset prefixes); replayed in every test run.
#include "metadata/user_comment.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string text = libdetect::metadata::decode_user_comment(data + 1, size - 1, data[0] & 1);
    // UTF-8 of UTF-16 is at most 1.5 times as long; bytes at most as long.
    return text.size() > 2 * size ? 1 : 0;
}
