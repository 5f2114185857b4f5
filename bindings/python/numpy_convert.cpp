#include "numpy_convert.hpp"

#include <libdetect/error.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

namespace py = pybind11;

namespace libdetect::python {

py::object heatmap_to_numpy(const Heatmap& heatmap) {
    if (heatmap.empty()) return py::none();
    py::array_t<float> array({heatmap.height, heatmap.width});
    std::memcpy(array.mutable_data(), heatmap.values.data(), heatmap.values.size() * sizeof(float));
    return std::move(array);
}

Heatmap heatmap_from_numpy(const py::array& array) {
    if (array.dtype().kind() != 'f' || array.itemsize() != 4 || array.ndim() != 2)
        throw InvalidArgument("a heatmap is an HxW float32 array, got " + std::string(py::str(array.dtype())) + " of " +
                              std::to_string(array.ndim()) + " dimensions");
    if (array.shape(0) > std::numeric_limits<int>::max() || array.shape(1) > std::numeric_limits<int>::max())
        throw InvalidArgument("heatmap too large");
    const auto contiguous = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(array);
    Heatmap heatmap;
    heatmap.height = static_cast<int>(array.shape(0));
    heatmap.width = static_cast<int>(array.shape(1));
    heatmap.values.assign(contiguous.data(), contiguous.data() + contiguous.size());
    return heatmap;
}

Image image_from_numpy(const py::array& array, const std::string& name, const Limits& limits) {
    if (!py::isinstance<py::array_t<std::uint8_t>>(array) || array.dtype().kind() != 'u' ||
        array.itemsize() != 1)
        throw InvalidArgument("image arrays must have dtype uint8, got " +
                              std::string(py::str(array.dtype())));
    const int dims = static_cast<int>(array.ndim());
    const int channels = dims == 2 ? 1 : dims == 3 ? static_cast<int>(array.shape(2)) : 0;
    if (channels != 1 && channels != 3 && channels != 4)
        throw InvalidArgument("image arrays must be HxW, HxWx3 (RGB) or HxWx4 (RGBA)");
    // The size is checked from the shape before anything is copied: a
    // broadcast view of a few bytes can claim gigabytes, and a side beyond
    // int's range must not wrap.
    const auto rows = static_cast<std::uint64_t>(array.shape(0));
    const auto columns = static_cast<std::uint64_t>(array.shape(1));
    if (rows > std::uint64_t(std::numeric_limits<int>::max()) ||
        columns > std::uint64_t(std::numeric_limits<int>::max()) ||
        (rows && columns > limits.max_pixels / rows))
        throw LimitError("image of " + std::to_string(columns) + "x" + std::to_string(rows) +
                         " pixels exceeds the limit of " + std::to_string(limits.max_pixels) + " pixels");
    // A C-contiguous copy when the rows are not packed pixel after pixel.
    py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast> packed(array);
    const auto height = static_cast<int>(packed.shape(0));
    const auto width = static_cast<int>(packed.shape(1));
    const std::uint8_t* data = packed.data();
    return Image::from_pixels(data, width, height, channels, 0, PixelOrder::RGB, name, limits);
}

py::array_t<std::uint8_t> image_to_numpy(const Image& image) {
    const std::vector<std::uint8_t> rgb = image.rgb();
    py::array_t<std::uint8_t> array({image.height(), image.width(), 3});
    std::copy(rgb.begin(), rgb.end(), array.mutable_data());
    return array;
}

}  // namespace libdetect::python
