// A self-contained HTML case report: one file, no network, images embedded.
#pragma once

#include <libdetect/export.hpp>
#include <libdetect/image.hpp>
#include <libdetect/report.hpp>

#include <string>

LIBDETECT_NAMESPACE_BEGIN

struct HtmlOptions {
    // Previews and heatmap overlays are blurred until the reader clicks one:
    // whoever opens a report sees no more of a survivor's image than they
    // choose to. Off only on request (--no-blur).
    bool blur_previews = true;
    int preview_max_side = 768;  // pixels; the embedded preview is downscaled to this
};

// `image` must be the image the report describes (its SHA-256 is checked;
// InvalidArgument otherwise). Every string from the file (metadata, prompts,
// file names) is HTML-escaped.
LIBDETECT_API std::string to_html(const Report& report, const Image& image, const HtmlOptions& options = {});

// Text made safe to place in HTML content and attribute values (& < > " ').
LIBDETECT_API std::string html_escape(const std::string& text);

LIBDETECT_NAMESPACE_END
