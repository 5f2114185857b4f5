// The C++ exception hierarchy, mapped once: every libdetect exception arrives
// in Python as a subclass of libdetect.Error.
#include "bindings.hpp"

#include <libdetect/error.hpp>

namespace py = pybind11;

namespace libdetect::python {

void register_errors(py::module_& m) {
    // pybind11 tries translators newest first: register the base class first.
    static py::exception<Error> error(m, "Error");
    static py::exception<IoError> io_error(m, "IoError", error.ptr());
    static py::exception<DecodeError> decode_error(m, "DecodeError", error.ptr());
    static py::exception<LimitError> limit_error(m, "LimitError", error.ptr());
    static py::exception<InvalidArgument> invalid_argument(m, "InvalidArgument", error.ptr());
    static py::exception<ModelError> model_error(m, "ModelError", error.ptr());
    py::register_exception_translator([](std::exception_ptr pointer) {
        try {
            if (pointer) std::rethrow_exception(pointer);
        } catch (const IoError& e) {
            io_error(e.what());
        } catch (const DecodeError& e) {
            decode_error(e.what());
        } catch (const LimitError& e) {
            limit_error(e.what());
        } catch (const InvalidArgument& e) {
            invalid_argument(e.what());
        } catch (const ModelError& e) {
            model_error(e.what());
        } catch (const Error& e) {
            error(e.what());
        }
    });
}

}  // namespace libdetect::python
