#include "model/model_catalog.hpp"
#include "model/torch_classifier.hpp"

#include "hash/digest.hpp"

#include <libdetect/error.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

using namespace libdetect::model;
using libdetect::ModelError;
namespace fs = std::filesystem;

namespace {

struct TempModels {
    fs::path dir;
    TempModels() {
        dir = fs::temp_directory_path() / ("libdetect-catalog-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::create_directories(dir);
    }
    ~TempModels() { fs::remove_all(dir); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name, std::ios::binary) << text;
    }
    std::string manifest_for(const std::string& file, const std::string& sha256, const std::string& extra = "") const {
        return R"({"schema": "libdetect.models/1", "models": [{"name": "npr-detector", "file": ")" + file +
               R"(", "sha256": ")" + sha256 + R"(", "threshold": 0.6, "input": {"tile": 128, "max_tiles": 16})" +
               extra + "}]}";
    }
};

std::string sha256_of(const std::string& bytes) {
    return libdetect::hash::sha256_hex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

std::string message_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const ModelError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("find_model reads the manifest entry and its error rates", "[model][catalog]") {
    TempModels models;
    models.write("m.pt", "bytes");
    models.write("manifest.json", models.manifest_for("m.pt", sha256_of("bytes"),
                                                      R"(, "metrics": {"held_out": {"auc": 0.97, "evaluated_on": "x"}})"));
    const ModelEntry entry = find_model(models.dir.string(), "npr-detector");
    CHECK(entry.tile == 128);
    CHECK(entry.max_tiles == 16);
    CHECK(entry.threshold == 0.6);
    CHECK(entry.error_rates.at("auc") == 0.97);
    CHECK(entry.evaluated_on == "x");
    CHECK(read_verified(entry) == "bytes");
    CHECK(model_info(entry, "model").sha256 == sha256_of("bytes"));
}

TEST_CASE("catalog failures are ModelErrors that name the problem", "[model][catalog]") {
    TempModels models;
    CHECK_THAT(message_of([&] { models_directory(models.dir.string()); }),
               Catch::Contains("has no manifest.json"));

    models.write("manifest.json", "{not json");
    CHECK_THAT(message_of([&] { find_model(models.dir.string(), "npr-detector"); }), Catch::Contains("malformed"));

    models.write("manifest.json", models.manifest_for("m.pt", sha256_of("bytes")));
    CHECK_THAT(message_of([&] { find_model(models.dir.string(), "other"); }), Catch::Contains("no model named 'other'"));
    // The file is missing.
    CHECK_THAT(message_of([&] { read_verified(find_model(models.dir.string(), "npr-detector")); }),
               Catch::Contains("cannot read model file"));
    // The file does not match its SHA-256.
    models.write("m.pt", "other bytes");
    CHECK_THAT(message_of([&] { read_verified(find_model(models.dir.string(), "npr-detector")); }),
               Catch::Contains("does not match its manifest"));
    // A manifest may not point outside its folder.
    models.write("manifest.json", models.manifest_for("../m.pt", sha256_of("bytes")));
    CHECK_THAT(message_of([&] { find_model(models.dir.string(), "npr-detector"); }),
               Catch::Contains("outside its directory"));
}

TEST_CASE("bytes that are not TorchScript are a ModelError at load", "[model][torch]") {
    CHECK_THAT(message_of([] { TorchClassifier("PK\3\4 not really a zip", "broken.pt", 128); }),
               Catch::Contains("not a loadable TorchScript model"));
    CHECK_THAT(message_of([] { TorchClassifier("", "empty.pt", 128); }),
               Catch::Contains("not a loadable TorchScript model"));
}
