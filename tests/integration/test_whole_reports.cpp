// Golden test of the whole report of every example image: an analyzer whose
// output changes must change its version, so that a report says which method
// produced it. Regenerate after a deliberate change (and a version bump):
//   LIBDETECT_UPDATE_GOLDEN=1 build/tests/integration/integration_tests "[golden]"
#include <libdetect/libdetect.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace libdetect;
using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

const fs::path kExamples = LIBDETECT_EXAMPLES_DIR;
const fs::path kGolden = fs::path(LIBDETECT_GOLDEN_DIR) / "reports";

// What differs run to run or machine to machine is not part of a method's output.
void drop_volatile(Json& json) {
    if (json.is_object()) {
        for (const char* key : {"elapsed_ms", "created_utc", "heatmap"}) json.erase(key);
        for (auto& [key, value] : json.items()) drop_volatile(value);
    } else if (json.is_array()) {
        for (auto& value : json) drop_volatile(value);
    }
}

Json normalised_report(const Report& report) {
    Json json = Json::parse(to_json(report));
    json["file"] = fs::path(report.file).filename().string();
    json.erase("tool");
    json["options"].erase("model_dir");
    drop_volatile(json);
    return json;
}

// Numbers within a relative and absolute 1e-4 (libm and thread counts move
// the last digits); everything else exactly. The first difference, or "".
std::string first_difference(const Json& expected, const Json& actual, const std::string& at) {
    if (expected.is_number() && actual.is_number()) {
        const double e = expected.get<double>(), a = actual.get<double>();
        return std::abs(e - a) <= 1e-4 + 1e-4 * std::abs(e) ? "" : at + ": " + expected.dump() + " -> " + actual.dump();
    }
    if (expected.type() != actual.type()) return at + ": " + expected.dump() + " -> " + actual.dump();
    if (expected.is_object()) {
        for (const auto& [key, value] : expected.items())
            if (!actual.contains(key)) return at + "." + key + ": removed";
        for (const auto& [key, value] : actual.items()) {
            if (!expected.contains(key)) return at + "." + key + ": added";
            if (auto d = first_difference(expected[key], value, at + "." + key); !d.empty()) return d;
        }
        return "";
    }
    if (expected.is_array()) {
        if (expected.size() != actual.size())
            return at + ": " + std::to_string(expected.size()) + " -> " + std::to_string(actual.size()) + " items";
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (auto d = first_difference(expected[i], actual[i], at + "[" + std::to_string(i) + "]"); !d.empty())
                return d;
        return "";
    }
    return expected == actual ? "" : at + ": " + expected.dump() + " -> " + actual.dump();
}

const Json* analyzer_named(const Json& report, const std::string& name) {
    for (const auto& a : report["analyzers"])
        if (a["name"] == name) return &a;
    return nullptr;
}

}  // namespace

TEST_CASE("every analyzer's output on the example images matches its version's golden report", "[integration][golden]") {
    const char* update_flag = std::getenv("LIBDETECT_UPDATE_GOLDEN");
    const bool update = update_flag && std::string(update_flag) == "1";
    const Detector detector;
    std::size_t images = 0;
    for (const auto& entry : fs::directory_iterator(kExamples)) {
        const std::string name = entry.path().filename().string();
        INFO(name);
        const Json actual = normalised_report(detector.analyze_file(entry.path().string()));
        const fs::path golden = kGolden / (name + ".json");
        ++images;
        if (update) {
            fs::create_directories(kGolden);
            std::ofstream(golden) << actual.dump(1) << "\n";
            continue;
        }
        REQUIRE(fs::exists(golden));
        std::ifstream in(golden);
        const Json expected = Json::parse(in);
        for (const auto& before : expected["analyzers"])  // an analyzer that disappears is a change too
            if (!analyzer_named(actual, before["name"])) FAIL("analyzer " << before["name"] << " is gone from the report");
        for (const auto& result : actual["analyzers"]) {
            const std::string analyzer = result["name"];
            INFO("analyzer " << analyzer);
            const Json* before = analyzer_named(expected, analyzer);
            REQUIRE(before != nullptr);
            const std::string difference = first_difference(*before, result, analyzer);
            if ((*before)["version"] != result["version"]) {
                // A new version may change anything; the golden file must follow it.
                FAIL("analyzer " << analyzer << " is version " << result["version"] << ", the golden report has "
                                 << (*before)["version"] << ": regenerate (LIBDETECT_UPDATE_GOLDEN=1)");
            }
            if (!difference.empty())
                FAIL("analyzer " << analyzer << " " << result["version"].get<std::string>()
                                 << " changed its output without a new version (" << difference
                                 << "): bump its version, list the change in docs/report-schema.md and regenerate");
        }
        Json rest_expected = expected, rest_actual = actual;
        rest_expected.erase("analyzers");
        rest_actual.erase("analyzers");
        const std::string difference = first_difference(rest_expected, rest_actual, "report");
        if (!difference.empty())
            FAIL("the report outside the analyzers changed (" << difference
                                                              << "): a verdict rule, a hash or a model changed; list it "
                                                                 "in docs/report-schema.md and regenerate");
    }
    CHECK(images >= 4);
}
