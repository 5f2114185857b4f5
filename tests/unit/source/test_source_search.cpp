#include <libdetect/error.hpp>
#include <libdetect/source.hpp>

#include "fixtures.hpp"
#include "source/difference.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

// An original among unrelated scenes, and an edit of it: a rectangle replaced
// by another picture, saved as JPEG.
struct Case {
    fx::TempDir dir;
    std::vector<std::string> candidates;
    std::string original;
    cv::Rect edited{200, 120, 180, 160};
    std::vector<std::uint8_t> suspect;

    Case() {
        const cv::Mat scene = fx::synthetic_scene(640, 480, 21);
        original = dir.file("original.png");
        fx::write_bytes(original, fx::encode(scene, ".png"));
        for (int i = 0; i < 6; ++i) {
            candidates.push_back(dir.file("other-" + std::to_string(i) + ".jpg"));
            fx::write_bytes(candidates.back(), fx::make_single_jpeg(640, 480, 100 + i, 90));
        }
        candidates.insert(candidates.begin() + 3, original);
        cv::Mat edit = scene.clone();
        fx::synthetic_scene(640, 480, 77)(edited).copyTo(edit(edited));
        suspect = fx::encode(edit, ".jpg", 88);
    }
};

double iou_with_rect(const Heatmap& mask, const cv::Rect& rect) {
    int intersection = 0, united = 0;
    for (int y = 0; y < mask.height; ++y)
        for (int x = 0; x < mask.width; ++x) {
            const bool predicted = mask.at(x, y) > 0.5f;
            const bool truth = rect.contains(cv::Point(x, y));
            intersection += predicted && truth;
            united += predicted || truth;
        }
    return united ? double(intersection) / united : 1.0;
}

}  // namespace

TEST_CASE("the source of an edit is found, registered and its change mapped", "[source]") {
    Case c;
    const SourceMatch match = find_source(Image::from_bytes(c.suspect, "suspect.jpg"), c.candidates);
    REQUIRE(match.found);
    CHECK(match.file == c.original);
    CHECK(match.inliers >= 20);
    CHECK(match.ranked.front().file == c.original);
    // Same geometry: the homography is (nearly) the identity.
    CHECK(match.homography[0] == Approx(1.0).margin(0.01));
    CHECK(match.homography[2] == Approx(0.0).margin(1.0));
    CHECK(match.homography[4] == Approx(1.0).margin(0.01));
    CHECK(match.homography[5] == Approx(0.0).margin(1.0));
    REQUIRE(match.changed_mask.width == 640);
    const double iou = iou_with_rect(match.changed_mask, c.edited);
    INFO("IoU " << iou);
    CHECK(iou >= 0.6);
    const double truth_fraction = double(c.edited.area()) / (640 * 480);
    CHECK(match.changed_fraction == Approx(truth_fraction).margin(0.05));
    CHECK_THAT(match.reason, Catch::Contains("source found"));
}

TEST_CASE("no source is claimed for an unrelated picture", "[source]") {
    Case c;
    const auto unrelated = fx::make_single_jpeg(640, 480, 999, 90);
    const SourceMatch match = find_source(Image::from_bytes(unrelated), c.candidates);
    CHECK_FALSE(match.found);
    CHECK(match.file.empty());
    CHECK(match.pdq_distance > 31);
    CHECK_THAT(match.reason, Catch::Contains("no source found"));
    CHECK(match.changed_mask.empty());
}

TEST_CASE("unreadable and identical candidates are listed, not used", "[source]") {
    Case c;
    const std::string broken = c.dir.file("broken.jpg");
    fx::write_bytes(broken, {'n', 'o'});
    const std::string copy = c.dir.file("copy.jpg");
    fx::write_bytes(copy, c.suspect);
    SourceSearchOptions options;
    options.list_top = 20;
    auto candidates = c.candidates;
    candidates.push_back(broken);
    candidates.push_back(copy);
    const SourceMatch match = find_source(Image::from_bytes(c.suspect), candidates, options);
    REQUIRE(match.found);
    CHECK(match.file == c.original);
    const auto find = [&](const std::string& file) {
        return std::find_if(match.ranked.begin(), match.ranked.end(),
                            [&](const SourceCandidate& s) { return s.file == file; });
    };
    REQUIRE(find(broken) != match.ranked.end());
    CHECK_THAT(find(broken)->error, Catch::StartsWith("decode_error"));
    CHECK_THAT(find(copy)->error, Catch::Contains("identical"));
    CHECK_THROWS_AS(find_source(Image::from_bytes(c.suspect), candidates, SourceSearchOptions{0}), InvalidArgument);
}

TEST_CASE("an unchanged re-encoded copy shows (almost) no change", "[source]") {
    const cv::Mat scene = fx::synthetic_scene(320, 240, 5);
    const cv::Mat copy = fx::jpeg_roundtrip(scene, 80);
    const cv::Mat valid(scene.size(), CV_8U, cv::Scalar(255));
    const auto difference = source::difference_map(copy, scene, valid);
    CHECK(difference.changed_fraction < 0.01);
}
