#include "bindings.hpp"
#include "docstrings.hpp"
#include "paths.hpp"
#include "source.hpp"

#include <libdetect/detector.hpp>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <optional>

namespace py = pybind11;

namespace libdetect::python {

void register_detector(py::module_& m) {
    py::class_<Detector>(m, "Detector", doc("Detector"))
        .def(py::init([](std::optional<std::vector<std::string>> analyzers, std::uint64_t max_pixels,
                         std::uint64_t max_file_bytes, int threads, bool heatmaps, bool gps_coordinates,
                         const py::object& model_dir, int model_threads,
                         const py::object& face_landmarks_model, int max_faces) {
                 Options options;
                 if (analyzers) options.analyzers = *analyzers;
                 options.limits.max_pixels = max_pixels;
                 options.limits.max_file_bytes = max_file_bytes;
                 options.threads = threads;
                 options.heatmaps = heatmaps;
                 options.gps_coordinates = gps_coordinates;
                 if (!model_dir.is_none()) options.model_dir = path_from_python(model_dir);
                 options.model_threads = model_threads;
                 if (!face_landmarks_model.is_none())
                     options.face_landmarks_model = path_from_python(face_landmarks_model);
                 options.max_faces = max_faces;
                 // Loading the network takes a while: let other Python threads run.
                 py::gil_scoped_release release;
                 return Detector(options);
             }),
             py::arg("analyzers") = py::none(), py::arg("max_pixels") = Limits{}.max_pixels,
             py::arg("max_file_bytes") = Limits{}.max_file_bytes, py::arg("threads") = 0,
             py::arg("heatmaps") = true, py::arg("gps_coordinates") = false,
             py::arg("model_dir") = py::none(), py::arg("model_threads") = 1,
             py::arg("face_landmarks_model") = py::none(), py::arg("max_faces") = Options{}.max_faces)
        .def_property_readonly("analyzers", [](const Detector& d) { return d.options().analyzers; })
        .def("analyze",
             [](const Detector& detector, const py::object& source) {
                 const Image image = image_from_source(source, detector.options().limits);
                 Report report;
                 {
                     py::gil_scoped_release release;
                     report = detector.analyze(image);
                 }
                 py::object result = py::cast(std::move(report));
                 // Bytes, arrays and Images have no file to open again: the
                 // report keeps the decoded image for plot() and show().
                 const bool from_path = py::isinstance<py::str>(source) || py::hasattr(source, "__fspath__");
                 if (!from_path) result.attr("_image") = py::cast(image);
                 return result;
             },
             py::arg("source"),
             "Analyze a path, encoded image bytes, a numpy uint8 array or a libdetect.Image. A report made "
             "from anything but a path keeps the decoded image (for plot and show).")
        .def("analyze_files",
             [](const Detector& detector, const py::iterable& path_objects,
                const std::function<void(std::size_t, std::size_t)>& progress) {
                 std::vector<std::string> paths;
                 for (const auto& path : path_objects) paths.push_back(path_from_python(path));
                 // A Python exception in the callback is kept, the scan finishes
                 // without further progress calls, then the exception is raised.
                 std::optional<py::error_already_set> callback_error;
                 Detector::Progress callback;
                 if (progress)
                     callback = [&](std::size_t done, std::size_t total) {
                         py::gil_scoped_acquire acquire;
                         if (callback_error) return;
                         try {
                             progress(done, total);
                         } catch (py::error_already_set& e) {
                             callback_error = std::move(e);
                         }
                     };
                 std::vector<ScanOutcome> outcomes;
                 {
                     py::gil_scoped_release release;
                     outcomes = detector.analyze_files(paths, callback);
                 }
                 if (callback_error) throw std::move(*callback_error);
                 return outcomes;
             },
             py::arg("paths"), py::arg("progress") = nullptr,
             "Analyze many files in parallel; failed inputs become error outcomes.");

    m.def("list_inputs",
          [](const py::iterable& path_objects, bool recursive) {
              std::vector<std::string> paths;
              for (const auto& path : path_objects) paths.push_back(path_from_python(path));
              py::list entries;
              for (const auto& entry : list_inputs(paths, recursive))
                  entries.append(py::make_tuple(path_to_python(entry.path), entry.skipped));
              return entries;
          },
          py::arg("paths"), py::arg("recursive") = false,
          "Every entry a scan meets, as (path, skipped): skipped is why a file found in a folder is not "
          "analyzed (not an image), or '' when it is.");
    m.def("skipped_outcome",
          [](const py::object& path, const std::string& reason) {
              return skipped_outcome(InputEntry{path_from_python(path), reason});
          },
          py::arg("path"), py::arg("reason"),
          "The ScanOutcome of an entry that was not analyzed (error_type 'skipped'; not a failure).");
    m.def("expand_inputs",
          [](const py::iterable& path_objects, bool recursive) {
              std::vector<std::string> paths;
              for (const auto& path : path_objects) paths.push_back(path_from_python(path));
              return paths_to_python(expand_inputs(paths, recursive));
          },
          py::arg("paths"), py::arg("recursive") = false,
          "Expand directories into the image files inside them (sorted).");
}

}  // namespace libdetect::python
