#include "model/model_catalog.hpp"

#include "core/statistics.hpp"
#include "hash/digest.hpp"

#include <libdetect/error.hpp>
#include <libdetect/models.hpp>

#include <nlohmann/json.hpp>

#include <dlfcn.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace libdetect::model {
namespace {

namespace fs = std::filesystem;

bool has_manifest(const std::string& directory) {
    std::error_code ignored;
    return !directory.empty() && fs::is_regular_file(fs::path(directory) / "manifest.json", ignored);
}

std::string read_file(const fs::path& path, const std::string& what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ModelError("cannot read " + what + " " + path.string());
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw ModelError("error while reading " + what + " " + path.string());
    return bytes;
}

// Where this code was loaded from: the shared library (an installed or
// build-tree libdetect.so, the Python extension that links it statically) or
// the executable it is linked into.
fs::path loaded_from() {
    Dl_info info{};
    if (::dladdr(reinterpret_cast<const void*>(&models_directory), &info) == 0 || !info.dli_fname) return {};
    std::error_code ec;
    const fs::path file = fs::canonical(info.dli_fname, ec);
    return ec ? fs::path(info.dli_fname).parent_path() : file.parent_path();
}

}  // namespace

std::string models_directory(const std::string& configured) {
    if (!configured.empty()) {
        if (!has_manifest(configured))
            throw ModelError("model directory " + configured + " has no manifest.json");
        return configured;
    }
    const char* environment = std::getenv("LIBDETECT_MODEL_DIR");
    if (environment && *environment) {
        if (!has_manifest(environment))
            throw ModelError(std::string("LIBDETECT_MODEL_DIR=") + environment + " has no manifest.json");
        return environment;
    }
    // Relative to the library, so that an installed tree, a wheel or a build
    // tree can be moved: <lib>/models (the Python package),
    // <lib>/../share/libdetect/models (prefix/lib, and the build tree's copy),
    // <lib>/../../share/libdetect/models (prefix/lib/<multiarch>). Never the
    // source tree: what is installed must be complete on its own.
    const fs::path here = loaded_from();
    std::string searched;
    for (const char* relative : {"models", "../share/libdetect/models", "../../share/libdetect/models"}) {
        const std::string candidate = (here / relative).lexically_normal().string();
        if (has_manifest(candidate)) return candidate;
        searched += (searched.empty() ? "" : ", ") + candidate;
    }
    throw ModelError("no models found: looked for manifest.json in " + searched +
                     " (beside " + (here.empty() ? std::string("an unknown library path") : here.string()) +
                     "); set Options::model_dir or LIBDETECT_MODEL_DIR, or leave the model analyzers out");
}

double calibrated_probability(const ModelEntry& entry, double logit) {
    return sigmoid(entry.calibration_scale * logit + entry.calibration_offset);
}

int input_size(const ModelEntry& entry, const std::string& key, int low, int high) {
    const auto found = entry.input.find(key);
    if (found == entry.input.end())
        throw ModelError(entry.manifest + ": model '" + entry.name + "' does not give its input's " + key);
    const double value = found->second;
    if (!(value >= low && value <= high) || value != std::floor(value))
        throw ModelError(entry.manifest + ": model '" + entry.name + "' has an out-of-range input " + key + " (" +
                         std::to_string(value) + "; expected an integer in " + std::to_string(low) + ".." +
                         std::to_string(high) + ")");
    return int(value);
}

namespace {

nlohmann::json read_manifest(const fs::path& manifest_path) {
    try {
        return nlohmann::json::parse(read_file(manifest_path, "model manifest"));
    } catch (const nlohmann::json::exception& e) {
        throw ModelError(manifest_path.string() + " is malformed: " + e.what());
    }
}

// One manifest entry, checked; throws nlohmann's errors for wrong types.
ModelEntry entry_of(const nlohmann::json& item, const std::string& directory, const fs::path& manifest_path) {
    ModelEntry entry;
    entry.name = item.at("name").get<std::string>();
    entry.file = item.at("file").get<std::string>();
    if (entry.file.empty() || fs::path(entry.file).has_parent_path())
        throw ModelError(manifest_path.string() + ": model '" + entry.name + "' names a file outside its directory");
    entry.path = (fs::path(directory) / entry.file).string();
    entry.sha256 = item.at("sha256").get<std::string>();
    entry.manifest = manifest_path.string();
    for (const auto& [key, value] : item.at("input").items())
        if (value.is_number()) entry.input[key] = value.get<double>();
    entry.threshold = item.at("threshold").get<double>();
    if (!(entry.threshold > 0.0 && entry.threshold < 1.0))
        throw ModelError(manifest_path.string() + ": model '" + entry.name + "' has an out-of-range threshold");
    // Tiled models (the AI-image detector) say how they tile.
    if (entry.input.count("tile")) {
        entry.tile = input_size(entry, "tile", 16, 1024);
        entry.max_tiles = input_size(entry, "max_tiles", 1, 1024);
        if (entry.tile % 2 != 0)
            throw ModelError(manifest_path.string() + ": model '" + entry.name + "' has an odd tile size");
    }
    if (const auto calibration = item.find("calibration"); calibration != item.end()) {
        entry.calibration_scale = calibration->at("scale").get<double>();
        entry.calibration_offset = calibration->at("offset").get<double>();
        if (!std::isfinite(entry.calibration_scale) || !std::isfinite(entry.calibration_offset) ||
            entry.calibration_scale <= 0.0)
            throw ModelError(manifest_path.string() + ": model '" + entry.name + "' has an invalid calibration");
    }
    if (const auto metrics = item.find("metrics"); metrics != item.end()) {
        if (const auto held_out = metrics->find("held_out"); held_out != metrics->end()) {
            for (const auto& [key, value] : held_out->items()) {
                if (key == "evaluated_on" && value.is_string()) entry.evaluated_on = value.get<std::string>();
                else if (value.is_number()) entry.error_rates[key] = value.get<double>();
            }
        }
        // The honest figures: generator sources held out of training
        // (DESIGN.md, "How we measure"); the verdict gates on these.
        if (const auto lso = metrics->find("leave_source_out"); lso != metrics->end())
            for (const auto& [key, value] : lso->items())
                if (value.is_number()) entry.error_rates["leave_source_out_" + key] = value.get<double>();
    }
    entry.error_rates["threshold"] = entry.threshold;
    return entry;
}

}  // namespace

ModelEntry find_model(const std::string& directory, const std::string& name) {
    const fs::path manifest_path = fs::path(directory) / "manifest.json";
    const nlohmann::json manifest = read_manifest(manifest_path);
    try {
        for (const auto& item : manifest.at("models"))
            if (item.at("name").get<std::string>() == name) return entry_of(item, directory, manifest_path);
    } catch (const nlohmann::json::exception& e) {
        throw ModelError(manifest_path.string() + " is malformed: " + e.what());
    }
    throw ModelError(manifest_path.string() + " has no model named '" + name + "'");
}

}  // namespace libdetect::model

LIBDETECT_NAMESPACE_BEGIN

ModelCatalog list_models(const std::string& model_dir) {
    namespace fs = std::filesystem;
    ModelCatalog catalog;
    catalog.directory = model::models_directory(model_dir);
    const fs::path manifest_path = fs::path(catalog.directory) / "manifest.json";
    const nlohmann::json manifest = model::read_manifest(manifest_path);
    std::vector<model::ModelEntry> entries;
    std::vector<bool> embedded;
    std::vector<std::string> cards;
    try {
        for (const auto& item : manifest.at("models")) {
            entries.push_back(model::entry_of(item, catalog.directory, manifest_path));
            embedded.push_back(item.contains("embedded"));
            cards.push_back(item.value("card", std::string()));
        }
    } catch (const nlohmann::json::exception& e) {
        throw ModelError(manifest_path.string() + " is malformed: " + e.what());
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const model::ModelEntry& entry = entries[i];
        ModelStatus status;
        status.name = entry.name;
        status.file = entry.file;
        status.path = entry.path;
        status.expected_sha256 = entry.sha256;
        status.embedded = embedded[i];
        status.card = cards[i];
        status.evaluated_on = entry.evaluated_on;
        status.error_rates = entry.error_rates;
        try {
            const std::string bytes = model::read_file(entry.path, "model file");
            status.actual_sha256 = hash::sha256_hex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        } catch (const ModelError&) {
            status.actual_sha256.clear();
        }
        status.matches = !status.actual_sha256.empty() && status.actual_sha256 == status.expected_sha256;
        catalog.models.push_back(std::move(status));
    }
    return catalog;
}

LIBDETECT_NAMESPACE_END

namespace libdetect::model {

std::string read_verified(const ModelEntry& entry) {
    std::string bytes = read_file(entry.path, "model file");
    const std::string actual =
        hash::sha256_hex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    if (actual != entry.sha256)
        throw ModelError("model file " + entry.path + " does not match its manifest: SHA-256 " + actual +
                         ", manifest says " + entry.sha256);
    return bytes;
}

ModelInfo model_info(const ModelEntry& entry, const std::string& used_by) {
    ModelInfo info;
    info.name = entry.name;
    info.file = entry.file;
    info.sha256 = entry.sha256;
    info.used_by = used_by;
    info.evaluated_on = entry.evaluated_on;
    info.error_rates = entry.error_rates;
    return info;
}

}  // namespace libdetect::model
