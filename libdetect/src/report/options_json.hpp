// The report's "options" object on its own, for other renderings of a report
// (the HTML report's reproducibility block) that must show it exactly as the
// JSON report does.
#pragma once

#include <libdetect/options.hpp>

#include <string>

namespace libdetect::report {

std::string options_to_json(const Options& options);

}  // namespace libdetect::report
