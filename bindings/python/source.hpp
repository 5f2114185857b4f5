#pragma once

#include <libdetect/image.hpp>

#include <pybind11/pybind11.h>

namespace libdetect::python {

// Turns what a Python caller passes (a libdetect.Image, a path as str or
// os.PathLike, encoded bytes / bytearray / memoryview, or a numpy uint8
// array) into an Image.
// Decoding runs with the GIL released.
Image image_from_source(const pybind11::object& source, const Limits& limits);

}  // namespace libdetect::python
