#include "bindings.hpp"

#include <libdetect/libdetect.hpp>

#include <pybind11/stl.h>

namespace py = pybind11;

PYBIND11_MODULE(_libdetect, m) {
    m.doc() = "libdetect: detect AI-generated, face-swapped and locally edited images";
    m.attr("__version__") = libdetect::version_string();
    m.attr("git_revision") = libdetect::git_revision();
    libdetect::python::register_errors(m);
    libdetect::python::register_image(m);
    libdetect::python::register_hashes(m);
    libdetect::python::register_faces(m);
    libdetect::python::register_report(m);
    libdetect::python::register_source(m);
    libdetect::python::register_detector(m);
    m.def("available_analyzers", &libdetect::available_analyzers,
          "Names of the analyzers this build knows, in pipeline order.");
}
