// libFuzzer harness: the PNG chunk walker (scripts/fuzz.sh builds it with
// clang; tests/fuzz/replay_main.cpp replays the corpus in every test run).
#include "metadata/png_chunks.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto metadata = libdetect::metadata::read_png_metadata(data, size);
    return metadata.texts.size() > libdetect::metadata::kMaxRecords ? 1 : 0;
}
