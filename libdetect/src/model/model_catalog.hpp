// Finding a shipped model: the models directory, its manifest.json entry, and
// the file's bytes checked against the SHA-256 the manifest records. Every
// failure is a ModelError that says which file and what is wrong.
#pragma once

#include <libdetect/report.hpp>

#include <map>
#include <string>

namespace libdetect::model {

struct ModelEntry {
    std::string name;
    std::string file;  // as in the manifest
    std::string path;  // resolved on disk
    std::string sha256;
    double threshold = 0.5;     // probability
    // Platt scaling of the network's logit: sigmoid(scale * logit + offset).
    double calibration_scale = 1.0, calibration_offset = 0.0;
    std::string manifest;       // the manifest.json it came from (for messages)
    std::map<std::string, double> input;  // the numeric fields of "input" (sizes)
    int tile = 0;               // input side of a tiled model, from "input" (0: not tiled)
    int max_tiles = 0;          // from "input"
    std::string evaluated_on;   // what the error rates were measured on
    std::map<std::string, double> error_rates;
};

// The directory holding manifest.json: `configured` if not empty (it must
// hold one), else $LIBDETECT_MODEL_DIR, else the installed models, else the
// source tree's models/.
std::string models_directory(const std::string& configured);

// The manifest entry named `name` in `directory`/manifest.json.
ModelEntry find_model(const std::string& directory, const std::string& name);

// An integer input size from the entry's "input" (e.g. "crop"): ModelError
// when it is missing, fractional or outside [low, high].
int input_size(const ModelEntry& entry, const std::string& key, int low, int high);

// The manifest's calibration applied to a logit: sigmoid(scale * logit + offset).
double calibrated_probability(const ModelEntry& entry, double logit);

// The model file's bytes, after checking their SHA-256 against the manifest.
std::string read_verified(const ModelEntry& entry);

// The entry as the report's reproducibility block and error rates show it.
ModelInfo model_info(const ModelEntry& entry, const std::string& used_by);

}  // namespace libdetect::model
