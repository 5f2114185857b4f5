#include <libdetect/detector.hpp>
#include <libdetect/error.hpp>

#include "fixtures.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <thread>

using namespace libdetect;
namespace fx = libdetect::fixtures;
using nlohmann::json;

namespace {

// The report without the fields that legitimately change between runs.
json stable_part(const Report& report) {
    json j = json::parse(to_json(report));
    j.erase("created_utc");
    j.erase("elapsed_ms");
    for (auto& analyzer : j["analyzers"]) analyzer.erase("elapsed_ms");
    return j;
}

}  // namespace

TEST_CASE("options are validated when the detector is built", "[pipeline]") {
    Options unknown;
    unknown.analyzers = {"ela", "crystal_ball"};
    CHECK_THROWS_AS(Detector(unknown), InvalidArgument);
    CHECK_THROWS_WITH(Detector(unknown), Catch::Contains("crystal_ball"));
    Options negative;
    negative.threads = -1;
    CHECK_THROWS_AS(Detector(negative), InvalidArgument);
    Options duplicates;
    duplicates.analyzers = {"ela", "ela"};
    CHECK(Detector(duplicates).options().analyzers == std::vector<std::string>{"ela"});
    CHECK(Detector().options().analyzers == available_analyzers());
}

TEST_CASE("a report carries the input's identity and every analyzer's result", "[pipeline]") {
    const auto bytes = fx::make_single_jpeg(96, 64, 3, 85);
    const Report report = Detector().analyze(Image::from_bytes(bytes, "photo.jpg"));
    CHECK(report.file == "photo.jpg");
    CHECK(report.format == "jpeg");
    CHECK(report.width == 96);
    CHECK(report.height == 64);
    CHECK(report.bytes == bytes.size());
    CHECK(report.sha256.size() == 64);
    CHECK(report.hashes.sha256 == report.sha256);
    CHECK(report.hashes.md5.size() == 32);
    CHECK(report.hashes.pdq.quality > 0);
    CHECK(report.hashes.phash.size() == 16);
    CHECK(report.created_utc.size() == 20);
    CHECK(report.created_utc.back() == 'Z');
    REQUIRE(report.find("ela") != nullptr);
    CHECK(report.find("ela")->version == "1.0.0");
    CHECK(report.find("nothing") == nullptr);
    CHECK(report.verdict.label == "inconclusive");
}

TEST_CASE("the same input gives the same report apart from times", "[pipeline]") {
    const Image image = Image::from_bytes(fx::make_jpeg_splice(256, 192, 4, 75, 95, 90,
                                                               cv::Rect(40, 40, 64, 64)).jpeg);
    const Detector detector;
    CHECK(stable_part(detector.analyze(image)) == stable_part(detector.analyze(image)));
    CHECK(stable_part(detector.analyze(image)) == stable_part(Detector().analyze(image)));
}

TEST_CASE("one detector serves several threads at once", "[pipeline]") {
    const Detector detector;
    std::vector<Image> images;
    for (std::uint64_t seed = 1; seed <= 4; ++seed)
        images.push_back(Image::from_bytes(fx::make_single_jpeg(160, 120, seed, 80)));
    std::vector<json> serial;
    for (const auto& image : images) serial.push_back(stable_part(detector.analyze(image)));

    std::vector<json> parallel(images.size() * 3);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < parallel.size(); ++t)
        threads.emplace_back([&, t] { parallel[t] = stable_part(detector.analyze(images[t % images.size()])); });
    for (auto& thread : threads) thread.join();
    for (std::size_t t = 0; t < parallel.size(); ++t) CHECK(parallel[t] == serial[t % images.size()]);
}

TEST_CASE("a directory with bad files among good ones: good reported, bad recorded", "[pipeline]") {
    fx::TempDir dir;
    fx::write_bytes(dir.file("a.jpg"), fx::make_single_jpeg(64, 64, 1, 90));
    fx::write_bytes(dir.file("b.jpg"), {'h', 'e', 'l', 'l', 'o'});
    fx::write_bytes(dir.file("c.png"), fx::encode(fx::synthetic_scene(64, 48, 2), ".png"));
    fx::write_bytes(dir.file("d.png"), fx::png_claiming_size(60000, 60000));
    const auto before = fx::read_bytes(dir.file("b.jpg"));
    Options options;
    options.threads = 2;
    std::size_t calls = 0, last_done = 0;
    auto inputs = expand_inputs({dir.path().string()}, false);
    inputs.push_back(dir.file("missing.jpg"));
    const auto outcomes = Detector(options).analyze_files(inputs, [&](std::size_t done, std::size_t total) {
        ++calls;
        CHECK(done > last_done);
        last_done = done;
        CHECK(total == 5);
    });
    REQUIRE(outcomes.size() == 5);
    CHECK(calls == 5);
    CHECK(outcomes[0].ok());
    CHECK(outcomes[0].report->format == "jpeg");
    CHECK(outcomes[1].error_type == "decode_error");
    CHECK(outcomes[2].ok());
    CHECK(outcomes[2].report->height == 48);
    CHECK(outcomes[3].error_type == "limit_error");
    CHECK(outcomes[4].error_type == "io_error");
    CHECK(outcomes[4].file == dir.file("missing.jpg"));
    CHECK(fx::read_bytes(dir.file("b.jpg")) == before);
}

TEST_CASE("a throwing progress callback does not stop the batch", "[pipeline]") {
    fx::TempDir dir;
    fx::write_bytes(dir.file("a.jpg"), fx::make_single_jpeg(32, 32, 1, 90));
    const auto outcomes = Detector().analyze_files(
        {dir.file("a.jpg"), dir.file("a.jpg")},
        [](std::size_t, std::size_t) { throw std::runtime_error("display gone"); });
    REQUIRE(outcomes.size() == 2);
    CHECK(outcomes[0].ok());
    CHECK(outcomes[1].ok());
}

TEST_CASE("every analyzer copes with tiny, flat, gray, 16-bit and alpha images", "[pipeline]") {
    const cv::Mat scene = fx::synthetic_scene(160, 120, 6);
    cv::Mat gray, deep, alpha;
    cv::cvtColor(scene, gray, cv::COLOR_BGR2GRAY);
    scene.convertTo(deep, CV_16UC3, 257.0);
    cv::cvtColor(scene, alpha, cv::COLOR_BGR2BGRA);
    const std::vector<std::pair<std::string, std::vector<std::uint8_t>>> inputs = {
        {"tiny", fx::encode(fx::synthetic_scene(6, 6, 1), ".png")},
        {"flat", fx::encode(cv::Mat(100, 100, CV_8UC3, cv::Scalar(7, 7, 7)), ".jpg", 90)},
        {"gray", fx::encode(gray, ".png")},
        {"16-bit", fx::encode(deep, ".png")},
        {"alpha", fx::encode(alpha, ".png")},
    };
    const Detector detector;
    for (const auto& [name, bytes] : inputs) {
        INFO(name);
        const Report report = detector.analyze(Image::from_bytes(bytes, name));
        REQUIRE(report.analyzers.size() == available_analyzers().size());
        for (const auto& result : report.analyzers) {
            INFO(result.name);
            if (!result.applicable) {
                CHECK_FALSE(result.reason.empty());
                continue;
            }
            if (result.score) CHECK(std::isfinite(*result.score));
            // The metadata analyzer reads the file, not the pixels, and the
            // coding cost is one measurement of one crop: neither has a map.
            if (result.name != "metadata" && result.name != "coding_cost") CHECK_FALSE(result.heatmap.empty());
            for (float v : result.heatmap.values) CHECK(std::isfinite(v));
        }
    }
}
