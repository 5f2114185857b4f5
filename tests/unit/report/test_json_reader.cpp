#include "fixtures.hpp"

#include <libdetect/detector.hpp>
#include <libdetect/error.hpp>
#include <libdetect/report.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

// Every field the writer knows, each variant of evidence, every finding, a
// face with and one without its context, and numbers the writer turns into null.
Report everything() {
    Report r;
    r.file = "case/ph\xc3\xb6to.jpg";
    r.sha256 = std::string(64, 'a');
    r.bytes = 5'000'000'000ull;
    r.format = "jpeg";
    r.width = 640;
    r.height = 480;
    r.exif_orientation = 6;
    r.damage = "the JPEG scan ends early";
    r.pixel_conversions = {"16-bit samples scaled to 8 bits", "alpha dropped"};
    r.hashes.md5 = std::string(32, 'b');
    r.hashes.pdq = PdqHash::from_hex(std::string(32, 'f') + std::string(32, '1'));
    r.hashes.pdq.quality = 87;
    r.hashes.phash = "0123456789abcdef";
    r.tool_version = "0.9.0";
    r.git_revision = "abc123";
    r.options.analyzers = {"ela", "face"};
    r.options.limits.max_pixels = 1234;
    r.options.threads = 3;
    r.options.heatmaps = false;
    r.options.gps_coordinates = true;
    r.options.model_dir = "/m";
    r.options.model_threads = 2;
    r.options.face_landmarks_model = "/l.dat";
    r.options.max_faces = 4;

    AnalyzerResult ela;
    ela.name = "ela";
    ela.version = "1.0.0";
    ela.score = 0.25;
    ela.evidence = {{"count", std::int64_t{-7}}, {"ratio", 3.0}, {"nan", std::nan("")},
                    {"flag", true}, {"note", std::string("text")}, {"profile", std::vector<double>{1.5, std::nan("")}}};
    ela.findings.jpeg_history = JpegHistory{91};
    ela.heatmap_file = "maps/photo.ela.png";
    ela.elapsed_ms = 12.5;
    r.analyzers.push_back(ela);

    AnalyzerResult failed;
    failed.name = "model";
    failed.version = "2.0.0";
    failed.applicable = false;
    failed.reason = "the model file is missing";
    failed.error = "model_error";
    failed.score = std::numeric_limits<double>::infinity();
    r.analyzers.push_back(failed);

    AnalyzerResult face;
    face.name = "face";
    face.version = "1.2.0";
    face.score = 0.8;
    Face first;
    first.box = {10.25, 20.5, 100, 110.75};
    first.landmarks = {{1.25, 2.5}, {3.0, 4.75}};
    first.detection_confidence = 1.5;
    first.size = 105.5;
    first.yaw_degrees = -12.25;
    first.touches_border = true;
    first.blend_probability = 0.8;
    first.context = FaceContext{2.5, 1.25, 3.5, 4.5, 6.25, 3, 5, 0.75};
    first.evidence = {{"blend_logit", 1.4}};
    Face small = first;
    small.too_small = true;
    small.blend_probability.reset();
    small.context.reset();
    face.findings.faces = {first, small};
    face.findings.face_swap = FaceSwapEstimate{0.8, 0.5, 0.86, 0, "face-blend-detector"};
    face.findings.ai_generation = AiGenerationEstimate{0.6, 0.55, std::nullopt, 0.689, "fusion-ai-lr"};
    face.findings.declaration = Declaration{true, "ComfyUI (png:tEXt:prompt)", "ComfyUI", true};
    face.findings.camera_record = CameraRecord{true, {"capture time after the file time"}};
    r.analyzers.push_back(face);

    r.models.push_back({"npr-detector", "npr-detector.pt", std::string(64, 'c'), "model", "held-out split",
                        {{"auc", 0.81}, {"threshold", std::nan("")}}});
    r.verdict.label = verdict_label::likely_edited;
    r.verdict.score = 0.8;
    r.verdict.rationale = "a face was blended in";
    r.verdict.probabilities = {{probability_name::face_swapped, 0.8}, {probability_name::ai_generated, 0.6}};
    r.created_utc = "2026-12-02T12:00:00Z";
    r.elapsed_ms = 99.5;
    return r;
}

}  // namespace

TEST_CASE("A report read back from its record writes the same record", "[report][json]") {
    const Report original = everything();
    const std::string text = to_json(original, -1);
    const ScanOutcome read = outcome_from_json(text);
    REQUIRE(read.ok());
    CHECK(read.file == original.file);
    CHECK(to_json(*read.report, -1) == text);

    // The typed fields themselves, not only their rendering.
    const Report& r = *read.report;
    CHECK(r.bytes == 5'000'000'000ull);
    CHECK(r.hashes.pdq == original.hashes.pdq);
    CHECK(r.hashes.pdq.quality == 87);
    CHECK(r.hashes.sha256 == original.sha256);
    const AnalyzerResult* ela = r.find("ela");
    REQUIRE(ela);
    CHECK(std::get<std::int64_t>(ela->evidence.at("count")) == -7);
    CHECK(std::get<double>(ela->evidence.at("ratio")) == 3.0);
    CHECK(std::isnan(std::get<double>(ela->evidence.at("nan"))));
    CHECK(std::get<bool>(ela->evidence.at("flag")));
    CHECK(ela->heatmap.empty());  // a record names the heatmap's file, not its values
    CHECK(ela->heatmap_file == "maps/photo.ela.png");
    const AnalyzerResult* model = r.find("model");
    REQUIRE(model);
    CHECK(model->error == "model_error");
    CHECK_FALSE(model->score.has_value());  // infinity was written as null: no opinion
    const AnalyzerResult* face = r.find("face");
    REQUIRE(face);
    REQUIRE(face->findings.faces.size() == 2);
    REQUIRE(face->findings.faces[0].context);
    CHECK(face->findings.faces[0].context->jpeg_grid_y == 5);
    CHECK(face->findings.faces[0].context->colour_difference == 6.25);
    CHECK_FALSE(face->findings.faces[1].context);
    CHECK_FALSE(face->findings.faces[1].blend_probability);
    CHECK(face->findings.face_swap->strongest_face == 0);
    CHECK(face->findings.ai_generation->leave_source_out_auc == 0.689);
    CHECK_FALSE(face->findings.ai_generation->held_out_auc);
    CHECK(face->findings.declaration->hidden);
    CHECK(face->findings.camera_record->inconsistencies.size() == 1);
    CHECK(r.options.max_faces == 4);
    CHECK(r.verdict.probabilities.at(probability_name::ai_generated) == 0.6);
}

TEST_CASE("A report the detector made survives the round trip byte for byte", "[report][json]") {
    const Image image = Image::from_bytes(fx::encode(fx::synthetic_scene(320, 240, 7), ".jpg", 88), "scene.jpg");
    const Report report = Detector(Options{{"ela", "jpeg", "metadata", "noise"}}).analyze(image);
    const std::string text = to_json(report, 2);
    const ScanOutcome read = outcome_from_json(text);
    REQUIRE(read.ok());
    CHECK(to_json(*read.report, 2) == text);
}

TEST_CASE("An error record reads back as a failed outcome", "[report][json]") {
    const ScanOutcome read = outcome_from_json(error_to_json("a.jpg", "decode_error", "not an image"));
    CHECK_FALSE(read.ok());
    CHECK(read.file == "a.jpg");
    CHECK(read.error_type == "decode_error");
    CHECK(read.error_message == "not an image");
}

TEST_CASE("Text that is not a report is an InvalidArgument naming what is wrong", "[report][json]") {
    const std::string good = to_json(everything(), -1);
    CHECK_THROWS_AS(outcome_from_json("not json"), InvalidArgument);
    CHECK_THROWS_AS(outcome_from_json("[]"), InvalidArgument);
    CHECK_THROWS_WITH(outcome_from_json(R"({"schema": "other/1", "file": "x"})"), Catch::Contains("other/1"));
    auto broken = [&](const std::string& from, const std::string& to) {
        std::string text = good;
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        return text.replace(at, from.size(), to);
    };
    CHECK_THROWS_WITH(outcome_from_json(broken("\"bytes\":5000000000", "\"bytes\":\"many\"")),
                      Catch::Contains("report.bytes"));
    CHECK_THROWS_WITH(outcome_from_json(broken("\"width\":640", "\"width\":1e300")), Catch::Contains("report.width"));
    CHECK_THROWS_WITH(outcome_from_json(broken("\"width\":640", "\"width\":99999999999")),
                      Catch::Contains("out of range"));
    CHECK_THROWS_WITH(outcome_from_json(broken("\"jpeg_grid_y\":5", "\"jpeg_grid_y\":[]")),
                      Catch::Contains("faces[0].context.jpeg_grid_y"));
    CHECK_THROWS_WITH(outcome_from_json(broken("\"pdq_quality\":87,", "")), Catch::Contains("pdq_quality is missing"));
    CHECK_THROWS_AS(outcome_from_json(broken("\"pdq\":\"", "\"pdq\":\"zz")), InvalidArgument);
    // Nesting that would exhaust the recursive parser's stack is refused before it runs.
    CHECK_THROWS_WITH(outcome_from_json(std::string(1'000'000, '[')), Catch::Contains("nested too deeply"));
    // Brackets inside strings do not count.
    CHECK(outcome_from_json(broken("\"note\":\"text\"", "\"note\":\"" + std::string(100, '[') + "\"")).ok());
}
