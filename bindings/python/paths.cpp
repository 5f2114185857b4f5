#include "paths.hpp"

#include <libdetect/error.hpp>

namespace py = pybind11;

namespace libdetect::python {

std::string path_from_python(const py::handle& path) {
    std::string bytes = py::module_::import("os").attr("fsencode")(path).cast<std::string>();
    // The C library would stop at the NUL and open another file than the one named.
    if (bytes.find('\0') != std::string::npos) throw InvalidArgument("a path must not contain a NUL byte");
    return bytes;
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
