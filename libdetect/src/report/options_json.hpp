// The report's "options" object on its own, for other renderings of a report
// (the HTML report's reproducibility block) that must show it exactly as the
// JSON report does.
#pragma once

#include <libdetect/options.hpp>

#include <string>

LIBDETECT_NAMESPACE_BEGIN
namespace report {

std::string options_to_json(const Options& options);

}  // namespace report
LIBDETECT_NAMESPACE_END
