#include "bindings.hpp"

#include <libdetect/libdetect.hpp>

#include "sandbox/sandbox.hpp"

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
    // For libdetect._scan_worker only: the seccomp filter the CLI's scan
    // workers enter (sandbox/sandbox.hpp); "" once confined, else why not.
    m.def("_enter_worker_sandbox", &libdetect::sandbox::enter_worker_sandbox);
}
