// Numbers in the words of verdicts and reports (one copy each).
#pragma once

#include <cstdio>
#include <string>

namespace libdetect {

// 0.873 -> "87%".
inline std::string percent(double p) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f%%", 100.0 * p);
    return text;
}

}  // namespace libdetect
