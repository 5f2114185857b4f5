#include "paths.hpp"

namespace py = pybind11;

namespace libdetect::python {

std::string path_from_python(const py::handle& path) {
    return py::module_::import("os").attr("fsencode")(path).cast<std::string>();
}

py::object path_to_python(const std::string& path) {
    return py::module_::import("os").attr("fsdecode")(py::bytes(path));
}

py::list paths_to_python(const std::vector<std::string>& paths) {
    py::list list;
    for (const auto& path : paths) list.append(path_to_python(path));
    return list;
}

}  // namespace libdetect::python
