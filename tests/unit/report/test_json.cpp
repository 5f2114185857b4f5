#include <libdetect/report.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

using namespace libdetect;
using nlohmann::json;

static Report sample_report() {
    Report report;
    report.file = "case/photo.jpg";
    report.sha256 = std::string(64, 'a');
    report.bytes = 1234;
    report.format = "jpeg";
    report.width = 640;
    report.height = 480;
    report.tool_version = "0.1.0";
    report.created_utc = "2026-11-29T12:00:00Z";
    AnalyzerResult ela;
    ela.name = "ela";
    ela.version = "1.0.0";
    ela.evidence["resave_quality"] = std::int64_t{90};
    ela.evidence["error_mean"] = 1.5;
    ela.evidence["profile"] = std::vector<double>{1.0, std::nan("")};
    ela.evidence["standard"] = true;
    ela.evidence["note"] = std::string("text");
    ela.heatmap_file = "maps/photo.ela.png";
    ela.findings.jpeg_history = JpegHistory{90};
    report.analyzers.push_back(ela);
    AnalyzerResult skipped;
    skipped.name = "other";
    skipped.applicable = false;
    skipped.reason = "never a JPEG";
    skipped.score = std::numeric_limits<double>::infinity();
    report.analyzers.push_back(skipped);
    return report;
}

TEST_CASE("the report JSON carries every documented field", "[report]") {
    const json j = json::parse(to_json(sample_report()));
    CHECK(j["schema"] == "libdetect.report/1");
    for (const char* key : {"file", "sha256", "bytes", "format", "width", "height", "tool",
                            "options", "analyzers", "verdict", "created_utc", "elapsed_ms"})
        CHECK(j.contains(key));
    CHECK(j["bytes"] == 1234);
    CHECK(j["tool"]["name"] == "libdetect");
    CHECK(j["options"]["limits"]["max_pixels"] == 100000000);
    const json& ela = j["analyzers"][0];
    CHECK(ela["name"] == "ela");
    CHECK(ela["applicable"] == true);
    CHECK(ela["score"].is_null());
    CHECK(ela["heatmap"] == "maps/photo.ela.png");
    CHECK(ela["evidence"]["resave_quality"] == 90);
    CHECK(ela["evidence"]["standard"] == true);
    CHECK(ela["evidence"]["profile"][1].is_null());  // NaN never reaches JSON
    CHECK(ela["findings"]["jpeg_history"]["quality_estimate"] == 90);
    const json& other = j["analyzers"][1];
    CHECK_FALSE(other.contains("findings"));  // nothing established, no block
    CHECK(other["applicable"] == false);
    CHECK(other["reason"] == "never a JPEG");
    CHECK(other["score"].is_null());
    CHECK(other["heatmap"].is_null());
    CHECK(j["verdict"]["label"] == "inconclusive");
}

TEST_CASE("single-line JSON for JSON Lines output", "[report]") {
    const std::string line = to_json(sample_report(), -1);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(json::parse(line) == json::parse(to_json(sample_report(), 2)));
}

TEST_CASE("error records name the file and the error type", "[report]") {
    const json j = json::parse(error_to_json("bad.jpg", "decode_error", "truncated JPEG"));
    CHECK(j["file"] == "bad.jpg");
    CHECK(j["error"]["type"] == "decode_error");
    CHECK(j["error"]["message"] == "truncated JPEG");
    ScanOutcome failed{"x.png", std::nullopt, "io_error", "no such file"};
    CHECK(json::parse(to_json(failed))["error"]["type"] == "io_error");
}

TEST_CASE("file names that are not UTF-8 do not break serialisation", "[report]") {
    Report report = sample_report();
    report.file = "caf\xe9.jpg";  // Latin-1 byte
    CHECK_NOTHROW(json::parse(to_json(report)));
}

TEST_CASE("the text summary lists each input and counts failures", "[report]") {
    std::vector<ScanOutcome> outcomes;
    outcomes.push_back({"case/photo.jpg", sample_report(), "", ""});
    outcomes.push_back({"case/bad.jpg", std::nullopt, "decode_error", "truncated JPEG"});
    const std::string text = summary_text(outcomes);
    CHECK_THAT(text, Catch::Contains("case/photo.jpg"));
    CHECK_THAT(text, Catch::Contains("ela: evidence, JPEG quality 90"));
    CHECK_THAT(text, Catch::Contains("ERROR decode_error: truncated JPEG"));
    CHECK_THAT(text, Catch::Contains("2 input(s), 1 analyzed, 1 failed"));
}

TEST_CASE("typed findings are written as the schema describes", "[report]") {
    Report report = sample_report();
    AnalyzerResult model;
    model.name = "model";
    model.score = 0.8;
    model.findings.ai_generation = AiGenerationEstimate{0.8, 0.6, 0.81, std::nullopt, "npr-detector"};
    AnalyzerResult metadata;
    metadata.name = "metadata";
    metadata.findings.declaration = Declaration{true, "ComfyUI (png:tEXt:prompt)", "ComfyUI", false};
    metadata.findings.camera_record = CameraRecord{true, {"capture time after the file time"}};
    AnalyzerResult face;
    face.name = "face";
    face.findings.faces.resize(2);
    face.findings.face_swap = FaceSwapEstimate{0.3, 0.5, 0.86, 1, "face-blend-detector"};
    report.analyzers = {model, metadata, face};
    const json j = json::parse(to_json(report));
    const json& ai = j["analyzers"][0]["findings"]["ai_generation"];
    CHECK(ai["probability"] == 0.8);
    CHECK(ai["threshold"] == 0.6);
    CHECK(ai["held_out_auc"] == 0.81);
    CHECK(ai["leave_source_out_auc"].is_null());
    CHECK(ai["model"] == "npr-detector");
    const json& declared = j["analyzers"][1]["findings"]["declaration"];
    CHECK(declared["ai_generated"] == true);
    CHECK(declared["generator"] == "ComfyUI");
    CHECK(declared["hidden"] == false);
    CHECK(j["analyzers"][1]["findings"]["camera_record"]["inconsistencies"].size() == 1);
    CHECK(j["analyzers"][2]["findings"]["face_swap"]["strongest_face"] == 1);
    CHECK(j["analyzers"][2]["faces"].size() == 2);  // the faces stay where the schema has them
}
