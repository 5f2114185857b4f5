#include <libdetect/error.hpp>
#include <libdetect/html.hpp>

#include "core/text_format.hpp"
#include "io/image_impl.hpp"
#include "report/options_json.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

LIBDETECT_NAMESPACE_BEGIN
namespace {

std::string base64(const std::vector<std::uint8_t>& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string data_uri(const cv::Mat& image, const char* ext, const char* mime) {
    std::vector<std::uint8_t> encoded;
    cv::imencode(ext, image, encoded, {cv::IMWRITE_JPEG_QUALITY, 85});
    return std::string("data:") + mime + ";base64," + base64(encoded);
}

std::string number(double v, const char* format = "%.3f") {
    char text[48];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

std::string evidence_value(const EvidenceValue& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
            else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(v);
            else if constexpr (std::is_same_v<T, double>) return number(v, "%.6g");
            else if constexpr (std::is_same_v<T, std::string>) return v;
            else {
                std::string s = "[";
                for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + number(v[i], "%.4g");
                return s + "]";
            }
        },
        value);
}

// The preview with a heatmap laid over it (red where the map is high).
cv::Mat overlay(const cv::Mat& preview, const Heatmap& map) {
    const cv::Mat values(map.height, map.width, CV_32F, const_cast<float*>(map.values.data()));
    cv::Mat scaled, gray;
    cv::resize(values, scaled, preview.size(), 0, 0, cv::INTER_NEAREST);
    scaled = cv::min(cv::max(scaled, 0.0), 1.0);
    cv::Mat out;
    cv::cvtColor(preview, gray, cv::COLOR_BGR2GRAY);
    cv::cvtColor(gray, out, cv::COLOR_GRAY2BGR);
    out.convertTo(out, CV_32FC3);
    std::vector<cv::Mat> channels;
    cv::split(out, channels);
    channels[2] = channels[2].mul(1.0 - scaled) + scaled * 255.0;  // red rises with the map
    channels[1] = channels[1].mul(1.0 - 0.7 * scaled);
    channels[0] = channels[0].mul(1.0 - 0.7 * scaled);
    cv::merge(channels, out);
    out.convertTo(out, CV_8UC3);
    return out;
}

// A picture that stays blurred until clicked (a checkbox and CSS: no script).
std::string figure(const std::string& id, const std::string& uri, const std::string& caption, bool blur) {
    std::string html = "<figure class=\"shot\">";
    if (blur)
        html += "<input type=\"checkbox\" id=\"" + id + "\" class=\"reveal\"><label for=\"" + id +
                "\" title=\"Click to show or blur again\">";
    html += "<img src=\"" + uri + "\" alt=\"" + html_escape(caption) + "\"" + (blur ? " class=\"blurred\"" : "") + ">";
    if (blur) html += "<span class=\"hint\">blurred: click to reveal</span></label>";
    return html + "<figcaption>" + html_escape(caption) + "</figcaption></figure>\n";
}
// A list of numbers (e.g. the frequency analyzer's radial profile) as an
// inline SVG line chart: part of the document, so the CSP needs no exception.
std::string svg_line_chart(const std::vector<double>& values, const std::string& name) {
    if (values.size() < 8) return "";
    double low = values[0], high = values[0];
    for (double v : values) {
        if (!std::isfinite(v)) return "";
        low = std::min(low, v);
        high = std::max(high, v);
    }
    const double span = high > low ? high - low : 1.0;
    constexpr double kWidth = 420, kHeight = 140, kPad = 8;
    std::string points;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double x = kPad + (kWidth - 2 * kPad) * double(i) / double(values.size() - 1);
        const double y = kPad + (kHeight - 2 * kPad) * (1.0 - (values[i] - low) / span);
        points += number(x, "%.1f") + "," + number(y, "%.1f") + " ";
    }
    return "<figure class=\"chart\"><svg width=\"420\" height=\"140\" viewBox=\"0 0 420 140\" role=\"img\" aria-label=\"" +
           html_escape(name) + "\"><rect width=\"420\" height=\"140\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
           "<polyline fill=\"none\" stroke=\"#1f4e8a\" stroke-width=\"2\" points=\"" + points + "\"/></svg>"
           "<figcaption>" + html_escape(name) + ": " + std::to_string(values.size()) + " values from left to right, " +
           number(low, "%.3g") + " to " + number(high, "%.3g") + "</figcaption></figure>";
}


std::string plain_question(const std::string& question) {
    if (question == "ai_generated") return "AI-generated";
    if (question == "locally_edited") return "locally edited";
    if (question == "face_swapped") return "face swapped or blended";
    return question;
}

const char* plain_verdict(const std::string& label) {
    if (label == "declared_ai_generated") return "The file itself declares that it was made by AI.";
    if (label == "likely_ai_generated") return "The image is likely AI-generated.";
    if (label == "likely_edited") return "The image is likely edited.";
    if (label == "likely_authentic") return "No sign of AI generation or editing was found.";
    return "Inconclusive: the analyzers do not support a conclusion either way.";
}

const char* kStyle = R"css(
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#111;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
.verdict{border:2px solid #333;padding:.8em 1em;border-radius:6px;background:#f6f6f6}
.verdict .label{font-size:1.3em;font-weight:600}
table{border-collapse:collapse;width:100%;margin:.4em 0}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
td.v{font-family:monospace;white-space:pre-wrap;word-break:break-word;max-width:700px}
.panel{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;margin:1em 0;page-break-inside:avoid}
.shot{display:inline-block;margin:.4em;vertical-align:top}.shot img{max-width:480px;display:block}
img.blurred{filter:blur(18px)}.reveal{display:none}.reveal:checked+label img.blurred{filter:none}
.reveal:checked+label .hint{display:none}label{position:relative;display:block;cursor:pointer}
.hint{position:absolute;left:8px;top:8px;font-size:.85em;background:#fffe;padding:2px 6px;border-radius:3px}
.chart{margin:.4em 0}.chart figcaption{font-size:.85em;color:#444}.na{color:#666}.warn{color:#8a1f11}
@media print{body{margin:0;max-width:none}.hint{display:none}.panel{border-color:#999}}
)css";

}  // namespace

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

// The faces an analyzer found: their boxes, numbered, over the (blurred)
// preview, and one table row per face in plain figures.
std::string faces_panel(const AnalyzerResult& result, const cv::Mat& preview, double preview_scale, bool blur) {
    const std::vector<Face>& faces = result.findings.faces;
    if (faces.empty()) return "";
    cv::Mat boxes = preview.clone();
    const int stroke = std::max(1, boxes.cols / 300);
    for (std::size_t i = 0; i < faces.size(); ++i) {
        const auto& b = faces[i].box;
        const cv::Rect r(cvRound(b.x * preview_scale), cvRound(b.y * preview_scale), cvRound(b.width * preview_scale),
                         cvRound(b.height * preview_scale));
        cv::rectangle(boxes, r, cv::Scalar(0, 200, 255), stroke);
        // The number inside the box's top-left corner, where it cannot fall off the picture.
        cv::putText(boxes, std::to_string(i + 1), r.tl() + cv::Point(3 * stroke, 16 * stroke), cv::FONT_HERSHEY_SIMPLEX,
                    0.6 * stroke, cv::Scalar(0, 200, 255), 2 * stroke);
    }
    std::ostringstream h;
    h << figure("faces", data_uri(boxes, ".jpg", "image/jpeg"), "faces found (numbered as in the table)", blur);
    h << "<table><tr><th>face</th><th>box (x, y, w, h)</th><th>size</th><th>detection</th><th>yaw</th>"
      << "<th>blended in?</th><th>noise face / around</th><th>sharpness face / around</th><th>chroma difference</th>"
      << "<th>JPEG grid in face</th></tr>\n";
    const auto& swap = result.findings.face_swap;
    for (std::size_t i = 0; i < faces.size(); ++i) {
        const Face& f = faces[i];
        std::string blended = "not assessed";
        if (f.blend_probability)
            blended = percent(*f.blend_probability) +
                      (swap && *f.blend_probability >= swap->threshold ? " (above threshold)" : "");
        if (f.too_small) blended += " (too small to judge)";
        // The context cues, or dashes where the face was too small to measure them.
        std::string noise = "-", sharpness = "-", colour = "-", grid = "-";
        if (const auto& c = f.context) {
            noise = number(c->noise_face, "%.3g") + " / " + number(c->noise_context, "%.3g");
            sharpness = number(c->sharpness_face, "%.3g") + " / " + number(c->sharpness_context, "%.3g");
            colour = number(c->colour_difference, "%.3g");
            grid = std::to_string(c->jpeg_grid_x) + ", " + std::to_string(c->jpeg_grid_y);
        }
        h << "<tr><td>" << i + 1 << "</td><td class=\"v\">" << number(f.box.x, "%.0f") << ", " << number(f.box.y, "%.0f")
          << ", " << number(f.box.width, "%.0f") << ", " << number(f.box.height, "%.0f") << "</td><td>"
          << number(f.size, "%.0f") << " px</td><td>" << number(f.detection_confidence, "%.2f") << "</td><td>"
          << number(f.yaw_degrees, "%.0f") << "°</td><td>" << html_escape(blended) << "</td><td class=\"v\">" << noise
          << "</td><td class=\"v\">" << sharpness << "</td><td class=\"v\">" << colour << "</td><td class=\"v\">"
          << grid << "</td></tr>\n";
    }
    h << "</table>\n";
    return h.str();
}

std::string to_html(const Report& report, const Image& image, const HtmlOptions& options) {
    if (image.sha256() != report.sha256)
        throw InvalidArgument("to_html: the image is not the one the report describes (SHA-256 differs)");
    const cv::Mat& bgr = detail::impl_of(image).bgr;
    cv::Mat preview = bgr;
    const int side = std::max(bgr.cols, bgr.rows);
    double preview_scale = 1.0;
    if (side > options.preview_max_side) {
        preview_scale = double(options.preview_max_side) / side;
        cv::resize(bgr, preview, cv::Size(), preview_scale, preview_scale, cv::INTER_AREA);
    }
    const bool blur = options.blur_previews;
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
      << "<title>libdetect report: " << html_escape(report.file) << "</title><style>" << kStyle << "</style></head><body>\n";
    h << "<h1>libdetect report</h1>\n<p>File <code>" << html_escape(report.file) << "</code>, " << html_escape(report.format) << ", "
      << report.width << "×" << report.height << " pixels, " << report.bytes << " bytes.</p>\n";

    h << "<div class=\"verdict\"><div class=\"label\">" << html_escape(plain_verdict(report.verdict.label)) << "</div>"
      << "<div>Verdict <code>" << html_escape(report.verdict.label) << "</code>"
      << (report.verdict.score ? ", score " + number(*report.verdict.score) : std::string()) << ". "
      << html_escape(report.verdict.rationale) << "</div>";
    if (!report.verdict.probabilities.empty()) {
        h << "<div>Probabilities: ";
        bool first = true;
        for (const auto& [question, p] : report.verdict.probabilities) {
            h << (first ? "" : "; ") << html_escape(plain_question(question)) << " " << percent(p);
            first = false;
        }
        h << " (each from the model named below, with its known error rates).</div>";
    }
    h << "</div>\n";

    h << "<h2>Image</h2>\n" << figure("preview", data_uri(preview, ".jpg", "image/jpeg"), "the image as stored", blur);

    h << "<h2>Analyzers</h2>\n";
    int index = 0;
    for (const auto& result : report.analyzers) {
        h << "<div class=\"panel\"><h3>" << html_escape(result.name) << " <small>" << html_escape(result.version) << "</small></h3>\n";
        if (!result.applicable) {
            h << "<p class=\"na\">Not applicable: " << html_escape(result.reason) << "</p></div>\n";
            continue;
        }
        h << "<p>Score: " << (result.score ? number(*result.score) : std::string("none (evidence only)")) << "</p>\n";
        if (!result.heatmap.empty())
            h << figure("map" + std::to_string(index++), data_uri(overlay(preview, result.heatmap), ".jpg", "image/jpeg"),
                        result.name + " heatmap over the image (red: high)", blur);
        for (const auto& [key, value] : result.evidence)
            if (const auto* values = std::get_if<std::vector<double>>(&value))
                h << svg_line_chart(*values, result.name + " " + key);
        h << faces_panel(result, preview, preview_scale, blur);
        h << "<table>\n";
        for (const auto& [key, value] : result.evidence)
            h << "<tr><th>" << html_escape(key) << "</th><td class=\"v\">" << html_escape(evidence_value(value)) << "</td></tr>\n";
        h << "</table></div>\n";
    }

    h << "<h2>Known error rates of the models used</h2>\n";
    if (report.models.empty()) h << "<p>No analyzer that ran uses a trained model.</p>\n";
    for (const auto& model : report.models) {
        h << "<div class=\"panel\"><p><b>" << html_escape(model.name) << "</b> (" << html_escape(model.file) << ", used by "
          << html_escape(model.used_by) << "), measured on " << html_escape(model.evaluated_on) << ":</p><table>";
        for (const auto& [key, value] : model.error_rates) h << "<tr><th>" << html_escape(key) << "</th><td>" << number(value) << "</td></tr>";
        h << "</table></div>\n";
    }

    h << "<h2>Hashes</h2>\n<table><tr><th>SHA-256</th><td class=\"v\">" << html_escape(report.sha256) << "</td></tr>"
      << "<tr><th>MD5</th><td class=\"v\">" << html_escape(report.hashes.md5) << "</td></tr>"
      << "<tr><th>PDQ (quality " << report.hashes.pdq.quality << ")</th><td class=\"v\">" << html_escape(report.hashes.pdq.to_hex())
      << "</td></tr><tr><th>pHash</th><td class=\"v\">" << html_escape(report.hashes.phash) << "</td></tr></table>\n";

    h << "<h2>Reproducibility</h2>\n<table><tr><th>tool</th><td class=\"v\">" << html_escape(report.tool_name) << " "
      << html_escape(report.tool_version) << " (" << html_escape(report.git_revision) << ")</td></tr>"
      << "<tr><th>options</th><td class=\"v\">"
      << html_escape(report::options_to_json(report.options))
      << "</td></tr><tr><th>input SHA-256</th><td class=\"v\">" << html_escape(report.sha256) << "</td></tr>";
    for (const auto& model : report.models)
        h << "<tr><th>model " << html_escape(model.file) << "</th><td class=\"v\">" << html_escape(model.sha256) << "</td></tr>";
    h << "<tr><th>analyzed (UTC)</th><td class=\"v\">" << html_escape(report.created_utc) << "</td></tr></table>\n";
    h << "<p><small>Made by libdetect. Scores are evidence, not proof; read each analyzer's interpretation.</small></p>\n"
      << "</body></html>\n";
    return h.str();
}

LIBDETECT_NAMESPACE_END
