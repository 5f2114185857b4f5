// Splits one CSV record (RFC 4180: quoted fields, doubled quotes). Hand-written
// because none of the project's libraries parses text CSV (OpenCV's loader is
// numeric-only) and hash lists are simple enough not to warrant a new one.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace libdetect::match {

// The fields of `line`, or nothing when a quoted field is not closed.
std::optional<std::vector<std::string>> split_csv_line(const std::string& line);

}  // namespace libdetect::match
