// Source search: find the original of an edited image and map the changes.
#include "bindings.hpp"
#include "docstrings.hpp"
#include "numpy_convert.hpp"
#include "paths.hpp"
#include "source.hpp"

#include <libdetect/source.hpp>

#include <pybind11/stl.h>

namespace py = pybind11;

namespace libdetect::python {

void register_source(py::module_& m) {
    py::class_<SourceCandidate>(m, "SourceCandidate", doc("SourceCandidate"))
        .def_property_readonly("file", [](const SourceCandidate& c) { return path_to_python(c.file); })
        .def_readonly("pdq_distance", &SourceCandidate::pdq_distance, doc("SourceCandidate.pdq_distance"))
        .def_readonly("region_distance", &SourceCandidate::region_distance, doc("SourceCandidate.region_distance"))
        .def_property_readonly("inliers", [](const SourceCandidate& c) -> py::object {
            if (c.inliers < 0) return py::none();
            return py::int_(c.inliers);
        })
        .def_readonly("error", &SourceCandidate::error, doc("SourceCandidate.error"));

    py::class_<SourceMatch>(m, "SourceMatch", doc("SourceMatch"))
        .def_readonly("found", &SourceMatch::found)
        .def_property_readonly("file", [](const SourceMatch& s) -> py::object {
            if (!s.found) return py::none();
            return path_to_python(s.file);
        })
        .def_readonly("pdq_distance", &SourceMatch::pdq_distance, doc("SourceMatch.pdq_distance"))
        .def_readonly("inliers", &SourceMatch::inliers)
        .def_readonly("homography", &SourceMatch::homography)
        .def_readonly("changed_fraction", &SourceMatch::changed_fraction, doc("SourceMatch.changed_fraction"))
        .def_property_readonly("difference", [](const SourceMatch& s) { return heatmap_to_numpy(s.difference); })
        .def_property_readonly("changed_mask", [](const SourceMatch& s) { return heatmap_to_numpy(s.changed_mask); })
        .def_readonly("reason", &SourceMatch::reason, doc("SourceMatch.reason"))
        .def_readonly("candidates", &SourceMatch::ranked)
        .def("to_json", [](const SourceMatch& s, int indent) { return to_json(s, indent); }, py::arg("indent") = 2)
        .def("__repr__", [](const SourceMatch& s) {
            return std::string("<libdetect.SourceMatch ") + (s.found ? "found" : "not found") + ">";
        });

    m.def("find_source",
          [](const py::object& suspect, const py::iterable& candidate_objects, int verify_top, int min_inliers,
             int threads) {
              const Image image = image_from_source(suspect, Limits{});
              std::vector<std::string> candidates;
              for (const auto& c : candidate_objects) candidates.push_back(path_from_python(c));
              SourceSearchOptions options;
              options.verify_top = verify_top;
              options.min_inliers = min_inliers;
              options.threads = threads;
              py::gil_scoped_release release;
              return find_source(image, candidates, options);
          },
          py::arg("suspect"), py::arg("candidates"), py::arg("verify_top") = SourceSearchOptions{}.verify_top,
          py::arg("min_inliers") = SourceSearchOptions{}.min_inliers, py::arg("threads") = 0,
          "Find which candidate file the suspect image was made from, and what changed.");
}

}  // namespace libdetect::python
