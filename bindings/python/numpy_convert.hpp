// The one place where numpy arrays and libdetect types meet.
#pragma once

#include <libdetect/image.hpp>
#include <libdetect/report.hpp>

#include <pybind11/numpy.h>

namespace libdetect::python {

// HxW float32 array (a copy), or None for an empty heatmap.
pybind11::object heatmap_to_numpy(const Heatmap& heatmap);

// A heatmap from an HxW float32 array (a copy), values as given. Throws
// InvalidArgument for other shapes or dtypes.
Heatmap heatmap_from_numpy(const pybind11::array& array);

// An image from a uint8 array HxW (gray), HxWx3 (RGB) or HxWx4 (RGBA).
// Strided arrays are accepted. Throws InvalidArgument for other shapes/dtypes.
Image image_from_numpy(const pybind11::array& array, const std::string& name, const Limits& limits);

// HxWx3 uint8 RGB array (a copy) of an image's pixels.
pybind11::array_t<std::uint8_t> image_to_numpy(const Image& image);

}  // namespace libdetect::python
