// Golden test: the bundled example images, analyzed through the public API
// only, give the recorded results within tolerance.
#include <libdetect/libdetect.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace libdetect;
namespace fs = std::filesystem;

static const fs::path kExamples = LIBDETECT_EXAMPLES_DIR;

static double evidence_number(const AnalyzerResult& result, const std::string& key) {
    const auto& value = result.evidence.at(key);
    if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
    return std::get<double>(value);
}

TEST_CASE("the example images give their recorded results", "[integration]") {
    std::ifstream in(fs::path(LIBDETECT_GOLDEN_DIR) / "examples.json");
    const auto golden = nlohmann::json::parse(in);
    const double tolerance = golden["tolerance_gray_levels"];
    const double tolerance_probability = golden["tolerance_probability"];
    const Detector detector;
    for (const auto& [name, expected] : golden["images"].items()) {
        INFO(name);
        const Report report = detector.analyze_file((kExamples / name).string());
        CHECK(report.sha256 == expected["sha256"]);
        CHECK(report.width == expected["width"]);
        CHECK(report.height == expected["height"]);
        CHECK(report.format == expected["format"]);
        CHECK(report.exif_orientation == expected["exif_orientation"]);
        CHECK(report.hashes.md5 == expected["md5"]);
        CHECK(report.hashes.pdq.to_hex() == expected["pdq"]);
        CHECK(report.hashes.pdq.quality == expected["pdq_quality"]);
        const AnalyzerResult* ela = report.find("ela");
        REQUIRE(ela);
        if (expected.contains("jpeg_quality_estimate"))
            CHECK(evidence_number(*ela, "jpeg_quality_estimate") == expected["jpeg_quality_estimate"]);
        CHECK(evidence_number(*ela, "error_mean") ==
              Approx(expected["error_mean"].get<double>()).margin(tolerance));
        CHECK(evidence_number(*ela, "block_error_median") ==
              Approx(expected["block_error_median"].get<double>()).margin(tolerance));
        const AnalyzerResult* frequency = report.find("frequency");
        REQUIRE(frequency);
        REQUIRE(frequency->score);
        CHECK(*frequency->score ==
              Approx(expected["frequency_score"].get<double>()).margin(tolerance_probability));
        if (expected.contains("double_compressed")) {
            const AnalyzerResult* dq = report.find("jpeg_dq");
            REQUIRE(dq);
            CHECK(std::get<bool>(dq->evidence.at("double_compressed")) == expected["double_compressed"]);
            if (expected.contains("primary_quality_estimate"))
                CHECK(evidence_number(*dq, "primary_quality_estimate") == expected["primary_quality_estimate"]);
        }
    }
}

// Mean heatmap value inside the pasted region minus outside it; cells of
// `block` px that straddle the border count for neither.
static double region_contrast(const Heatmap& map, int block) {
    // make_example_images pastes a 200x160 region at (300, 120).
    const int x0 = 300, x1 = 500, y0 = 120, y1 = 280;
    double inside = 0, outside = 0;
    int n_inside = 0, n_outside = 0;
    for (int y = 0; y < map.height; ++y)
        for (int x = 0; x < map.width; ++x) {
            const bool in_x = x * block >= x0 && x * block + block <= x1;
            const bool in_y = y * block >= y0 && y * block + block <= y1;
            const bool out = x * block + block <= x0 || x * block >= x1 || y * block + block <= y0 || y * block >= y1;
            if (in_x && in_y) { inside += map.at(x, y); ++n_inside; }
            else if (out) { outside += map.at(x, y); ++n_outside; }
        }
    return inside / n_inside - outside / n_outside;
}

TEST_CASE("the spliced example's pasted region stands out in the ELA and double-JPEG heatmaps", "[integration]") {
    const Report report = Detector().analyze_file((kExamples / "spliced.jpg").string());
    CHECK(region_contrast(report.find("ela")->heatmap, 8) > 0.25);
    CHECK(region_contrast(report.find("jpeg_dq")->heatmap, 8) > 0.8);
}
