#include "face/face_finder.hpp"

#include <libdetect/error.hpp>

#include <catch2/catch.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>

using namespace libdetect::face;

namespace {

// A public-domain NASA portrait (Eileen Collins) that Debian's python3-skimage ships.
const char* kAstronaut = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";

const FaceFinder& finder() {
    static const FaceFinder instance;
    return instance;
}

}  // namespace

TEST_CASE("a missing landmark model is a ModelError", "[face][finder]") {
    FaceFinderSettings settings;
    settings.landmarks_model = "/nonexistent/shape_predictor.dat";
    CHECK_THROWS_AS(FaceFinder(settings), libdetect::ModelError);
    settings.landmarks_model.clear();
    settings.min_face = 0;
    CHECK_THROWS_AS(FaceFinder(settings), libdetect::InvalidArgument);
}

TEST_CASE("no face in noise, flat grey or a tiny image", "[face][finder]") {
    cv::Mat noise(480, 640, CV_8UC3);
    cv::randu(noise, 0, 256);
    CHECK(finder().find(noise).empty());
    CHECK(finder().find(cv::Mat(300, 300, CV_8UC1, cv::Scalar(128))).empty());
    CHECK(finder().find(cv::Mat(8, 8, CV_8UC3, cv::Scalar(0, 0, 0))).empty());
}

TEST_CASE("the astronaut portrait: one face, landmarks inside it, any scale", "[face][finder]") {
    if (!std::filesystem::exists(kAstronaut)) {
        WARN("skipped: python3-skimage's astronaut.png is not installed");
        return;
    }
    const cv::Mat image = cv::imread(kAstronaut, cv::IMREAD_COLOR);
    REQUIRE(!image.empty());
    bool capped = true;
    const auto faces = finder().find(image, &capped);
    REQUIRE(faces.size() == 1);
    CHECK_FALSE(capped);
    const FoundFace& face = faces[0];
    // The face is in the upper middle of the 512x512 picture, about 100-140 px wide.
    CHECK(face.box.x > 150);
    CHECK(face.box.br().x < 300);
    CHECK(face.box.y > 40);
    CHECK(face.box.br().y < 220);
    CHECK(face.size > 80);
    CHECK(face.size < 160);
    CHECK(face.confidence > 0.0);
    CHECK_FALSE(face.touches_border);
    REQUIRE(face.landmarks.size() == 68);
    // The eyes are above the nose tip, the nose tip above the mouth.
    CHECK(face.landmarks[36].y < face.landmarks[30].y);
    CHECK(face.landmarks[30].y < face.landmarks[62].y);
    CHECK(face.landmarks[36].x < face.landmarks[45].x);
    CHECK(std::abs(face.yaw_degrees) < 35.0);

    // Halved (a 60-px face) and grayscale: found at the same place.
    cv::Mat half, gray;
    cv::resize(image, half, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
    cv::cvtColor(half, gray, cv::COLOR_BGR2GRAY);
    const auto small = finder().find(gray);
    REQUIRE(small.size() == 1);
    CHECK(std::abs(small[0].box.x * 2 - face.box.x) < 12);
    CHECK(std::abs(small[0].landmarks[30].x * 2 - face.landmarks[30].x) < 8);
}
