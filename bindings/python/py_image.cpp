#include "bindings.hpp"
#include "docstrings.hpp"
#include "numpy_convert.hpp"
#include "paths.hpp"
#include "source.hpp"

#include <libdetect/error.hpp>
#include <libdetect/image.hpp>

#include <pybind11/stl.h>

namespace py = pybind11;

namespace libdetect::python {

Image image_from_source(const py::object& source, const Limits& limits) {
    if (py::isinstance<Image>(source)) return source.cast<Image>();
    if (py::isinstance<py::str>(source) || py::hasattr(source, "__fspath__")) {
        const std::string path = path_from_python(source);
        py::gil_scoped_release release;
        return Image::from_file(path, limits);
    }
    if (py::isinstance<py::bytes>(source) || py::isinstance<py::bytearray>(source) ||
        py::isinstance<py::memoryview>(source)) {
        // bytes() copies any buffer, strided or reversed, into contiguous order.
        const std::string data = py::module_::import("builtins").attr("bytes")(source).cast<std::string>();
        std::vector<std::uint8_t> bytes(data.begin(), data.end());
        py::gil_scoped_release release;
        return Image::from_bytes(std::move(bytes), "<bytes>", limits);
    }
    if (py::isinstance<py::array>(source))
        return image_from_numpy(source.cast<py::array>(), "<array>", limits);
    throw InvalidArgument("expected a path, encoded image bytes or a numpy uint8 array, got " +
                          std::string(py::str(py::type::of(source))));
}

void register_image(py::module_& m) {
    py::class_<Image>(m, "Image", doc("Image"))
        .def_static("open", [](const py::object& source, std::uint64_t max_pixels,
                               std::uint64_t max_file_bytes) {
                        Limits limits;
                        limits.max_pixels = max_pixels;
                        limits.max_file_bytes = max_file_bytes;
                        return image_from_source(source, limits);
                    },
                    py::arg("source"), py::arg("max_pixels") = Limits{}.max_pixels,
                    py::arg("max_file_bytes") = Limits{}.max_file_bytes,
                    "Image from a path, encoded bytes or a uint8 array (HxW, HxWx3 RGB, HxWx4 RGBA).")
        .def_property_readonly("width", &Image::width)
        .def_property_readonly("height", &Image::height)
        .def_property_readonly("name", [](const Image& image) { return path_to_python(image.name()); })
        .def_property_readonly("format", &Image::format)
        .def_property_readonly("sha256", &Image::sha256)
        .def_property_readonly("byte_size", &Image::byte_size)
        .def_property_readonly("exif_orientation", &Image::exif_orientation)
        .def("to_numpy", &image_to_numpy, "The stored pixels as an HxWx3 uint8 RGB array (a copy).")
        .def("__repr__", [](const Image& image) {
            return "<libdetect.Image " + image.format() + " " + std::to_string(image.width()) + "x" +
                   std::to_string(image.height()) + " sha256=" + image.sha256().substr(0, 12) + "...>";
        });
}

}  // namespace libdetect::python
