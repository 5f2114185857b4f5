// File names cross the boundary as the bytes the OS uses, so names that are
// not valid UTF-8 round-trip (os.fsencode / os.fsdecode, surrogateescape).
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

namespace libdetect::python {

std::string path_from_python(const pybind11::handle& path);
pybind11::object path_to_python(const std::string& path);
pybind11::list paths_to_python(const std::vector<std::string>& paths);

}  // namespace libdetect::python
