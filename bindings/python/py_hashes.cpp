// Hashes (PDQ, MD5, SHA-256, pHash) and hash-list matching.
#include "bindings.hpp"
#include "docstrings.hpp"
#include "paths.hpp"
#include "source.hpp"

#include <libdetect/hashes.hpp>
#include <libdetect/match.hpp>

#include <pybind11/stl.h>

namespace py = pybind11;

namespace libdetect::python {

void register_hashes(py::module_& m) {
    py::class_<PdqHash>(m, "PdqHash", doc("PdqHash"))
        .def(py::init([](const std::string& hex, int quality) {
                 PdqHash hash = PdqHash::from_hex(hex);
                 hash.quality = quality;
                 return hash;
             }),
             py::arg("hex"), py::arg("quality") = 0)
        .def_property_readonly("hex", &PdqHash::to_hex)
        .def_readonly("quality", &PdqHash::quality, doc("PdqHash.quality"))
        .def("distance", &PdqHash::distance, py::arg("other"), "Hamming distance, 0..256.")
        .def("__eq__", &PdqHash::operator==)
        .def("__str__", &PdqHash::to_hex)
        .def("__repr__", [](const PdqHash& h) {
            return "<libdetect.PdqHash " + h.to_hex() + " quality=" + std::to_string(h.quality) + ">";
        });
    m.attr("PDQ_MATCH_THRESHOLD") = PdqHash::kMatchThreshold;
    m.attr("PDQ_MIN_USEFUL_QUALITY") = PdqHash::kMinUsefulQuality;

    py::class_<ImageHashes>(m, "ImageHashes", doc("ImageHashes"))
        .def_readonly("sha256", &ImageHashes::sha256, doc("ImageHashes.sha256"))
        .def_readonly("md5", &ImageHashes::md5, doc("ImageHashes.md5"))
        .def_readonly("pdq", &ImageHashes::pdq, doc("ImageHashes.pdq"))
        .def_readonly("phash", &ImageHashes::phash, doc("ImageHashes.phash"))
        .def("to_dict", [](const ImageHashes& h) {
            py::dict d;
            d["sha256"] = h.sha256;
            d["md5"] = h.md5;
            d["pdq"] = h.pdq.to_hex();
            d["pdq_quality"] = h.pdq.quality;
            d["phash"] = h.phash;
            return d;
        });

    m.def("pdq",
          [](const py::object& source) {
              const Image image = image_from_source(source, Limits{});
              py::gil_scoped_release release;
              return pdq(image);
          },
          py::arg("image"), "PDQ hash of a path, encoded bytes, numpy array or Image.");
    m.def("pdq_dihedral",
          [](const py::object& source) {
              const Image image = image_from_source(source, Limits{});
              py::gil_scoped_release release;
              return pdq_dihedral(image);
          },
          py::arg("image"),
          "The 8 dihedral PDQ hashes: original, rot90, rot180, rot270, flipx, flipy, flip+1, flip-1.");
    m.def("hashes",
          [](const py::object& source) {
              const Image image = image_from_source(source, Limits{});
              py::gil_scoped_release release;
              return compute_hashes(image);
          },
          py::arg("image"), "SHA-256 and MD5 of the bytes, PDQ and pHash of the pixels.");

    py::class_<KnownHash>(m, "KnownHash", doc("KnownHash"))
        .def_readonly("pdq", &KnownHash::pdq)
        .def_readonly("md5", &KnownHash::md5, doc("KnownHash.md5"))
        .def_readonly("label", &KnownHash::label, doc("KnownHash.label"))
        .def_readonly("line", &KnownHash::line, doc("KnownHash.line"));
    py::class_<HashListProblem>(m, "HashListProblem", doc("HashListProblem"))
        .def_readonly("line", &HashListProblem::line)
        .def_readonly("message", &HashListProblem::message);
    py::class_<HashMatch>(m, "HashMatch", doc("HashMatch"))
        .def_readonly("index", &HashMatch::index, doc("HashMatch.index"))
        .def_readonly("distance", &HashMatch::distance, doc("HashMatch.distance"))
        .def_readonly("md5_equal", &HashMatch::md5_equal, doc("HashMatch.md5_equal"));

    py::class_<HashList>(m, "HashList", doc("HashList"))
        .def(py::init<>())
        .def_static("load_csv",
                    [](const py::object& path) {
                        const std::string native = path_from_python(path);
                        py::gil_scoped_release release;
                        return HashList::load_csv(native);
                    },
                    py::arg("path"))
        .def("add",
             [](HashList& list, const PdqHash& pdq, const std::string& md5, const std::string& label) {
                 list.add({pdq, md5, label, 0});
             },
             py::arg("pdq"), py::arg("md5") = "", py::arg("label") = "")
        .def("__len__", &HashList::size)
        .def("__getitem__", &HashList::at, py::return_value_policy::reference_internal)
        .def_property_readonly("problems", &HashList::problems)
        .def("query",
             [](const HashList& list, const PdqHash& pdq, int max_distance, const std::string& md5) {
                 py::gil_scoped_release release;
                 return list.query(pdq, max_distance, md5);
             },
             py::arg("pdq"), py::arg("max_distance") = PdqHash::kMatchThreshold, py::arg("md5") = "");
}

}  // namespace libdetect::python
