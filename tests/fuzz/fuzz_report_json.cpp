// libFuzzer harness: the report reader (outcome_from_json), which reads the
// replies of the Python supervised scan's workers, processes that have parsed
// hostile evidence. InvalidArgument is the documented answer to text that is
// not a record. A record it accepts must write back to text that reads back to
// the same record (the writer and the reader agree), else the harness traps.
#include <libdetect/error.hpp>
#include <libdetect/report.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const libdetect::ScanOutcome outcome =
            libdetect::outcome_from_json(std::string(reinterpret_cast<const char*>(data), size));
        const std::string once = libdetect::to_json(outcome, -1);
        const std::string twice = libdetect::to_json(libdetect::outcome_from_json(once), -1);
        if (once != twice) __builtin_trap();
    } catch (const libdetect::InvalidArgument&) {
    }
    return 0;
}
