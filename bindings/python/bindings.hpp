// One registration function per public area; module.cpp calls them in order.
#pragma once

#include <pybind11/pybind11.h>

namespace libdetect::python {

void register_errors(pybind11::module_& m);
void register_image(pybind11::module_& m);
void register_hashes(pybind11::module_& m);
void register_report(pybind11::module_& m);
void register_faces(pybind11::module_& m);
void register_source(pybind11::module_& m);
void register_detector(pybind11::module_& m);

}  // namespace libdetect::python
