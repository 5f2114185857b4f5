#pragma once

#include <libdetect/html.hpp>

#include <string>
#include <vector>

namespace libdetect::cli {

// One input: `path` is the report file. Several: `path` is a folder with one
// report per analyzed image and index.html, which lists them by their
// highest analyzer score (failed inputs last, with their error). Images are
// read again for their previews; one that changed since the scan fails its
// report (its SHA-256 no longer matches).
void write_html_reports(const std::vector<ScanOutcome>& outcomes, const std::string& path, const Options& options,
                        const HtmlOptions& html);

}  // namespace libdetect::cli
