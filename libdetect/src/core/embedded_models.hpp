// Small models (JSON parameters of linear models) compiled into the library,
// so that they ship with it and cannot go missing at run time. CMake
// generates the table from models/ at configure time; a model file absent
// from the source tree (before its first training) is simply not listed.
#pragma once

#include <string>

namespace libdetect::core {

struct EmbeddedModel {
    const char* file;    // file name under models/
    const char* text;    // the file's contents
    const char* sha256;  // of the file, as models/manifest.json records it
};

// nullptr when the build had no such model.
const EmbeddedModel* embedded_model(const std::string& file);

}  // namespace libdetect::core
