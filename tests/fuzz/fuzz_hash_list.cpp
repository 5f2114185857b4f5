// libFuzzer harness: the hash-list CSV reader (HashList::read_csv), then a
// query so that the multi-index is built over whatever was read. Hash lists
// come from outside the case (a hotline, a partner agency), so their reader
// gets the same treatment as evidence parsers. InvalidArgument is the
// documented answer to a list without a header; anything else is a finding.
#include <libdetect/error.hpp>
#include <libdetect/match.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        const libdetect::HashList list = libdetect::HashList::read_csv(in, "fuzz");
        libdetect::PdqHash query;
        for (const auto& match : list.query(query, 64, "d41d8cd98f00b204e9800998ecf8427e"))
            if (match.index >= list.size() || match.distance > 256) __builtin_trap();
    } catch (const libdetect::Error&) {
    }
    return 0;
}
