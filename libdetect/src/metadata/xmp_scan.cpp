#include "metadata/xmp_scan.hpp"

#include <cctype>

namespace libdetect::metadata {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Where the value after the property name at `at` starts, or npos when the
// name is not followed by one of the three forms.
std::size_t value_start(std::string_view xmp, std::size_t at) {
    if (xmp.substr(at, 2) == "=\"") return at + 2;
    if (xmp.substr(at, 1) == ">") return at + 1;
    std::size_t p = at;
    while (p < xmp.size() && is_space(xmp[p])) ++p;
    constexpr std::string_view kResource = "rdf:resource=\"";
    if (p > at && xmp.substr(p, kResource.size()) == kResource) return p + kResource.size();
    return std::string_view::npos;
}

}  // namespace

std::optional<std::string> xmp_digital_source_type(std::string_view xmp) {
    constexpr std::string_view kName = "DigitalSourceType";
    for (std::size_t at = xmp.find(kName); at != std::string_view::npos; at = xmp.find(kName, at + 1)) {
        const std::size_t start = value_start(xmp, at + kName.size());
        if (start == std::string_view::npos) continue;
        std::size_t end = xmp.find_first_of("\"<", start);
        if (end == std::string_view::npos) end = xmp.size();
        if (end > start) return std::string(xmp.substr(start, end - start));
    }
    return std::nullopt;
}

}  // namespace libdetect::metadata
