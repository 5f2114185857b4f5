#include "bindings.hpp"
#include "docstrings.hpp"
#include "numpy_convert.hpp"
#include "paths.hpp"
#include "source.hpp"

#include <libdetect/error.hpp>
#include <libdetect/html.hpp>
#include <libdetect/report.hpp>

#include <pybind11/stl.h>

#include <algorithm>
#include <map>
#include <optional>

namespace py = pybind11;

namespace libdetect::python {
namespace {

py::object parse_json(const std::string& text) {
    return py::module_::import("json").attr("loads")(text);
}

}  // namespace

void register_report(py::module_& m) {
    py::class_<Verdict>(m, "Verdict", doc("Verdict"))
        .def_readonly("label", &Verdict::label, doc("Verdict.label"))
        .def_readonly("score", &Verdict::score)
        .def_readonly("rationale", &Verdict::rationale, doc("Verdict.rationale"))
        .def_readonly("probabilities", &Verdict::probabilities, doc("Verdict.probabilities"))
        .def("__repr__", [](const Verdict& v) { return "<libdetect.Verdict " + v.label + ">"; });

    py::class_<AiGenerationEstimate>(m, "AiGenerationEstimate", doc("AiGenerationEstimate"))
        .def_readonly("probability", &AiGenerationEstimate::probability)
        .def_readonly("threshold", &AiGenerationEstimate::threshold, doc("AiGenerationEstimate.threshold"))
        .def_readonly("held_out_auc", &AiGenerationEstimate::held_out_auc, doc("AiGenerationEstimate.held_out_auc"))
        .def_readonly("leave_source_out_auc", &AiGenerationEstimate::leave_source_out_auc, doc("AiGenerationEstimate.leave_source_out_auc"))
        .def_readonly("model", &AiGenerationEstimate::model, doc("AiGenerationEstimate.model"));
    py::class_<FaceSwapEstimate>(m, "FaceSwapEstimate", doc("FaceSwapEstimate"))
        .def_readonly("probability", &FaceSwapEstimate::probability, doc("FaceSwapEstimate.probability"))
        .def_readonly("threshold", &FaceSwapEstimate::threshold)
        .def_readonly("held_out_auc", &FaceSwapEstimate::held_out_auc, doc("FaceSwapEstimate.held_out_auc"))
        .def_readonly("strongest_face", &FaceSwapEstimate::strongest_face, doc("FaceSwapEstimate.strongest_face"))
        .def_readonly("model", &FaceSwapEstimate::model);
    py::class_<JpegHistory>(m, "JpegHistory", doc("JpegHistory"))
        .def_readonly("quality_estimate", &JpegHistory::quality_estimate, doc("JpegHistory.quality_estimate"));
    py::class_<Declaration>(m, "Declaration", doc("Declaration"))
        .def_readonly("ai_generated", &Declaration::ai_generated, doc("Declaration.ai_generated"))
        .def_readonly("what", &Declaration::what, doc("Declaration.what"))
        .def_readonly("generator", &Declaration::generator, doc("Declaration.generator"))
        .def_readonly("hidden", &Declaration::hidden, doc("Declaration.hidden"));
    py::class_<CameraRecord>(m, "CameraRecord", doc("CameraRecord"))
        .def_readonly("present", &CameraRecord::present)
        .def_readonly("inconsistencies", &CameraRecord::inconsistencies, doc("CameraRecord.inconsistencies"))
        .def_property_readonly("consistent", &CameraRecord::consistent);
    py::class_<Findings>(m, "Findings", doc("Findings"))
        .def_readonly("ai_generation", &Findings::ai_generation)
        .def_readonly("face_swap", &Findings::face_swap)
        .def_readonly("jpeg_history", &Findings::jpeg_history)
        .def_readonly("declaration", &Findings::declaration)
        .def_readonly("camera_record", &Findings::camera_record)
        .def_readonly("faces", &Findings::faces, doc("Findings.faces"));

    py::class_<AnalyzerResult>(m, "AnalyzerResult", doc("AnalyzerResult"))
        .def_readonly("name", &AnalyzerResult::name)
        .def_readonly("version", &AnalyzerResult::version, doc("AnalyzerResult.version"))
        .def_readonly("applicable", &AnalyzerResult::applicable)
        .def_readonly("reason", &AnalyzerResult::reason, doc("AnalyzerResult.reason"))
        .def_readonly("error", &AnalyzerResult::error, doc("AnalyzerResult.error"))
        .def_readonly("score", &AnalyzerResult::score, doc("AnalyzerResult.score"))
        .def_readonly("findings", &AnalyzerResult::findings, doc("AnalyzerResult.findings"))
        .def_readonly("evidence", &AnalyzerResult::evidence, doc("AnalyzerResult.evidence"))
        .def_property_readonly("heatmap", [](const AnalyzerResult& r) { return heatmap_to_numpy(r.heatmap); },
                               "float32 array in [0, 1] (coarser than the image), or None")
        .def_property_readonly("heatmap_path", [](const AnalyzerResult& r) -> py::object {
            if (r.heatmap_file.empty()) return py::none();
            return path_to_python(r.heatmap_file);
        })
        .def_property_readonly("faces", [](const AnalyzerResult& r) { return r.findings.faces; },
                               "the faces found (findings.faces)")
        .def_readonly("elapsed_ms", &AnalyzerResult::elapsed_ms)
        .def("__repr__", [](const AnalyzerResult& r) {
            return "<libdetect.AnalyzerResult " + r.name + (r.applicable ? "" : " (not applicable)") + ">";
        });

    // dynamic_attr: a report made from bytes or pixels carries its decoded
    // Image (set by Detector.analyze) so that plot/show need no file.
    py::class_<Report>(m, "Report", py::dynamic_attr(), doc("Report"))
        .def_property_readonly("file", [](const Report& r) { return path_to_python(r.file); })
        .def_readonly("sha256", &Report::sha256)
        .def_readonly("bytes", &Report::bytes)
        .def_readonly("format", &Report::format)
        .def_readonly("width", &Report::width)
        .def_readonly("height", &Report::height)
        .def_readonly("exif_orientation", &Report::exif_orientation)
        .def_property_readonly("damaged", [](const Report& r) { return !r.damage.empty(); })
        .def_readonly("damage", &Report::damage, doc("Report.damage"))
        .def_readonly("pixel_conversions", &Report::pixel_conversions, doc("Report.pixel_conversions"))
        .def_readonly("hashes", &Report::hashes)
        .def_readonly("tool_version", &Report::tool_version)
        .def_readonly("git_revision", &Report::git_revision)
        .def_readonly("analyzers", &Report::analyzers)
        .def_property_readonly("models",
                               [](const Report& r) {
                                   const py::object report = parse_json(to_json(r, -1));
                                   return py::object(report["models"]);  // a copy, not an accessor into a temporary
                               },
                               "Every model the analyzers used: file, SHA-256 and known error rates.")
        .def_readonly("verdict", &Report::verdict)
        .def_readonly("created_utc", &Report::created_utc, doc("Report.created_utc"))
        .def_readonly("elapsed_ms", &Report::elapsed_ms)
        .def("__getitem__", [](const Report& r, const std::string& name) {
            const AnalyzerResult* result = r.find(name);
            if (!result) throw py::key_error("no analyzer '" + name + "' in this report");
            return *result;
        })
        .def("to_json", [](const Report& r, int indent) { return to_json(r, indent); },
             py::arg("indent") = 2)
        .def("to_dict", [](const Report& r) { return parse_json(to_json(r, -1)); })
        .def("__repr__", [](const Report& r) {
            return "<libdetect.Report " + py::repr(path_to_python(r.file)).cast<std::string>() + ": " +
                   r.verdict.label + ">";
        });

    py::class_<ScanOutcome>(m, "ScanOutcome", doc("ScanOutcome"))
        .def(py::init([](const py::object& file, std::optional<Report> report, std::string error_type,
                         std::string error_message) {
                 if (!report && error_type.empty())
                     throw InvalidArgument("a ScanOutcome without a report needs an error_type");
                 return ScanOutcome{path_from_python(file), std::move(report), std::move(error_type),
                                    std::move(error_message)};
             }),
             py::arg("file"), py::arg("report") = py::none(), py::arg("error_type") = "",
             py::arg("error_message") = "")
        .def_property_readonly("file", [](const ScanOutcome& o) { return path_to_python(o.file); })
        .def_property_readonly("ok", &ScanOutcome::ok)
        .def_property_readonly("skipped", &ScanOutcome::skipped,
                               "Listed but not analyzed (a file in a folder that is not an image); not a failure.")
        .def_readonly("report", &ScanOutcome::report)
        .def_readonly("error_type", &ScanOutcome::error_type, doc("ScanOutcome.error_type"))
        .def_readonly("error_message", &ScanOutcome::error_message, doc("ScanOutcome.error_message"))
        .def("to_json", [](const ScanOutcome& o, int indent) { return to_json(o, indent); },
             py::arg("indent") = 2)
        .def("to_dict", [](const ScanOutcome& o) { return parse_json(to_json(o, -1)); })
        .def("__repr__", [](const ScanOutcome& o) {
            return "<libdetect.ScanOutcome " + py::repr(path_to_python(o.file)).cast<std::string>() +
                   (o.ok() ? " ok" : " " + o.error_type) + ">";
        });

    m.def(
        "outcome_from_json",
        [](const std::string& text, const std::map<std::string, py::array>& heatmaps) {
            ScanOutcome outcome = outcome_from_json(text);
            for (const auto& [name, array] : heatmaps) {
                if (!outcome.report) throw InvalidArgument("an error record has no heatmaps");
                auto result = std::find_if(outcome.report->analyzers.begin(), outcome.report->analyzers.end(),
                                           [&name = name](const AnalyzerResult& r) { return r.name == name; });
                if (result == outcome.report->analyzers.end())
                    throw InvalidArgument("heatmap for analyzer '" + name + "', which the report does not hold");
                result->heatmap = heatmap_from_numpy(array);
            }
            return outcome;
        },
        py::arg("text"), py::arg("heatmaps") = std::map<std::string, py::array>{}, doc("outcome_from_json"));
    m.def("summary_text", &summary_text, py::arg("outcomes"),
          "Plain-text summary of a batch, one block per input.");
    m.def(
        "to_html",
        [](const Report& report, const py::object& source, bool blur) {
            const Image image = image_from_source(source, Limits{});
            HtmlOptions options;
            options.blur_previews = blur;
            py::gil_scoped_release release;
            return to_html(report, image, options);
        },
        py::arg("report"), py::arg("image"), py::arg("blur") = true,
        "Self-contained HTML report of `report` for the image it describes (a path, bytes, array or "
        "Image); previews are blurred until clicked unless blur=False.");
}

}  // namespace libdetect::python
