// The C++ exception hierarchy, mapped once: every libdetect exception arrives
// in Python as a subclass of libdetect.Error.
#include "bindings.hpp"

#include <libdetect/error.hpp>

namespace py = pybind11;

namespace libdetect::python {

void register_errors(py::module_& m) {
    // pybind11 tries the newest translator first, so the base class goes first
    // and each subclass is caught before it.
    const auto& base = py::register_exception<Error>(m, "Error");
    py::register_exception<IoError>(m, "IoError", base.ptr());
    py::register_exception<DecodeError>(m, "DecodeError", base.ptr());
    py::register_exception<LimitError>(m, "LimitError", base.ptr());
    py::register_exception<InvalidArgument>(m, "InvalidArgument", base.ptr());
    py::register_exception<ModelError>(m, "ModelError", base.ptr());
}

}  // namespace libdetect::python
