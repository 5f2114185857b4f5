#include "bindings.hpp"
#include "docstrings.hpp"
#include "paths.hpp"
#include "source.hpp"

#include <libdetect/faces.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

namespace py = pybind11;

namespace libdetect::python {

void register_faces(py::module_& m) {
    py::class_<FaceBox>(m, "FaceBox", doc("FaceBox"))
        .def_readonly("x", &FaceBox::x)
        .def_readonly("y", &FaceBox::y)
        .def_readonly("width", &FaceBox::width)
        .def_readonly("height", &FaceBox::height)
        .def("__repr__", [](const FaceBox& b) {
            return "<libdetect.FaceBox x=" + std::to_string(int(b.x)) + " y=" + std::to_string(int(b.y)) +
                   " " + std::to_string(int(b.width)) + "x" + std::to_string(int(b.height)) + ">";
        });

    py::class_<FaceContext>(m, "FaceContext", doc("FaceContext"))
        .def_readonly("noise_face", &FaceContext::noise_face, doc("FaceContext.noise_face"))
        .def_readonly("noise_context", &FaceContext::noise_context, doc("FaceContext.noise_context"))
        .def_readonly("sharpness_face", &FaceContext::sharpness_face, doc("FaceContext.sharpness_face"))
        .def_readonly("sharpness_context", &FaceContext::sharpness_context)
        .def_readonly("colour_difference", &FaceContext::colour_difference, doc("FaceContext.colour_difference"))
        .def_readonly("jpeg_grid_x", &FaceContext::jpeg_grid_x, doc("FaceContext.jpeg_grid_x"))
        .def_readonly("jpeg_grid_y", &FaceContext::jpeg_grid_y)
        .def_readonly("jpeg_grid_strength", &FaceContext::jpeg_grid_strength);

    py::class_<Face>(m, "Face", doc("Face"))
        .def_readonly("box", &Face::box)
        .def_property_readonly("landmarks",
                               [](const Face& f) {
                                   py::array_t<double> points({py::ssize_t(f.landmarks.size()), py::ssize_t(2)});
                                   auto view = points.mutable_unchecked<2>();
                                   for (std::size_t i = 0; i < f.landmarks.size(); ++i) {
                                       view(py::ssize_t(i), 0) = f.landmarks[i][0];
                                       view(py::ssize_t(i), 1) = f.landmarks[i][1];
                                   }
                                   return points;
                               },
                               "68 x 2 float64 array of (x, y), iBUG 300-W order")
        .def_readonly("detection_confidence", &Face::detection_confidence, doc("Face.detection_confidence"))
        .def_readonly("size", &Face::size, doc("Face.size"))
        .def_readonly("yaw_degrees", &Face::yaw_degrees, doc("Face.yaw_degrees"))
        .def_readonly("touches_border", &Face::touches_border, doc("Face.touches_border"))
        .def_readonly("too_small", &Face::too_small, doc("Face.too_small"))
        .def_readonly("blend_probability", &Face::blend_probability, doc("Face.blend_probability"))
        .def_readonly("context", &Face::context, doc("Face.context"))
        .def_readonly("evidence", &Face::evidence, doc("Face.evidence"))
        .def("__repr__", [](const Face& f) {
            return "<libdetect.Face size=" + std::to_string(int(f.size + 0.5)) + " confidence=" +
                   std::to_string(f.detection_confidence).substr(0, 4) + ">";
        });

    py::class_<FaceLocator>(m, "FaceLocator", doc("FaceLocator"))
        .def(py::init([](const py::object& landmarks_model, int max_faces) {
                 Options options;
                 if (!landmarks_model.is_none()) options.face_landmarks_model = path_from_python(landmarks_model);
                 options.max_faces = max_faces;
                 py::gil_scoped_release release;
                 return FaceLocator(options);
             }),
             py::arg("landmarks_model") = py::none(), py::arg("max_faces") = Options{}.max_faces)
        .def("find",
             [](const FaceLocator& locator, const py::object& source) {
                 const Image image = image_from_source(source, Limits{});
                 FaceSearch search;
                 {
                     py::gil_scoped_release release;
                     search = locator.find(image);
                 }
                 return py::make_tuple(search.faces, search.capped);
             },
             py::arg("image"), "(faces strongest first, capped) for a path, bytes, array or Image.")
        .def_static(
            "align",
            [](const py::object& source, const Face& face, int size, double margin) {
                const Image image = image_from_source(source, Limits{});
                AlignedFaceCrop crop;
                {
                    py::gil_scoped_release release;
                    crop = FaceLocator::align(image, face, size, margin);
                }
                py::array_t<std::uint8_t> pixels({crop.size, crop.size, 3});
                std::copy(crop.rgb.begin(), crop.rgb.end(), pixels.mutable_data());
                py::array_t<double> transform({2, 3});
                std::copy(crop.image_to_crop.begin(), crop.image_to_crop.end(), transform.mutable_data());
                return py::make_tuple(pixels, transform);
            },
            py::arg("image"), py::arg("face"), py::arg("size"), py::arg("margin"),
            "(size x size x 3 uint8 RGB crop, 2x3 image->crop affine) of a face on the canonical template.");
}

}  // namespace libdetect::python
