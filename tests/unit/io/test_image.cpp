#include <libdetect/error.hpp>
#include <libdetect/detector.hpp>
#include <libdetect/image.hpp>

#include "fixtures.hpp"
#include "hash/digest.hpp"
#include "io/image_impl.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <unistd.h>

using namespace libdetect;
namespace fx = libdetect::fixtures;

TEST_CASE("an image read from a file keeps its stored pixels and its hash", "[io]") {
    fx::TempDir dir;
    const cv::Mat scene = fx::synthetic_scene(48, 32, 9);
    const auto bytes = fx::encode(scene, ".png");
    const std::string path = dir.file("scene.png");
    fx::write_bytes(path, bytes);

    const Image image = Image::from_file(path);
    CHECK(image.width() == 48);
    CHECK(image.height() == 32);
    CHECK(image.format() == "png");
    CHECK(image.byte_size() == bytes.size());
    CHECK(image.sha256() == hash::sha256_hex(bytes.data(), bytes.size()));
    CHECK(image.name() == path);
    const auto rgb = image.rgb();
    REQUIRE(rgb.size() == 48u * 32u * 3u);
    const cv::Vec3b bgr = scene.at<cv::Vec3b>(5, 7);  // PNG is lossless
    CHECK(rgb[(5 * 48 + 7) * 3 + 0] == bgr[2]);
    CHECK(rgb[(5 * 48 + 7) * 3 + 2] == bgr[0]);
}

TEST_CASE("every supported format decodes to its stored pixels", "[io]") {
    const cv::Mat scene = fx::synthetic_scene(50, 30, 12);
    for (const std::string ext : {".jpg", ".png", ".webp", ".tiff", ".bmp"}) {
        INFO(ext);
        const Image image = Image::from_bytes(fx::encode(scene, ext));
        CHECK(image.width() == 50);
        CHECK(image.height() == 30);
        const auto rgb = image.rgb();
        const cv::Vec3b expected = scene.at<cv::Vec3b>(10, 20);
        const int tolerance = ext == ".jpg" || ext == ".webp" ? 40 : 0;  // lossy codecs
        CHECK(std::abs(int(rgb[(10 * 50 + 20) * 3]) - int(expected[2])) <= tolerance);
    }
}

TEST_CASE("EXIF orientation is recorded but the pixels are not rotated", "[io]") {
    const auto bytes = fx::jpeg_with_orientation(fx::synthetic_scene(40, 20, 3), 6);
    const Image image = Image::from_bytes(bytes, "rotated.jpg");
    CHECK(image.exif_orientation() == 6);
    CHECK(image.width() == 40);
    CHECK(image.height() == 20);
}

TEST_CASE("raw pixels are wrapped in RGB or BGR order", "[io]") {
    const std::vector<std::uint8_t> rgb = {10, 20, 30, 40, 50, 60, 0, 0,   // row 0 + padding
                                           70, 80, 90, 100, 110, 120, 0, 0};
    const Image from_rgb = Image::from_pixels(rgb.data(), 2, 2, 3, 8, PixelOrder::RGB);
    CHECK(from_rgb.format() == "raw");
    const auto packed = from_rgb.rgb();
    CHECK(packed == std::vector<std::uint8_t>{10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120});
    const Image from_bgr = Image::from_pixels(rgb.data(), 2, 2, 3, 8, PixelOrder::BGR);
    CHECK(from_bgr.rgb()[0] == 30);
    const std::vector<std::uint8_t> tight = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};
    CHECK(from_rgb.sha256() == hash::sha256_hex(tight.data(), tight.size()));
}

TEST_CASE("bad raw pixel buffers are rejected", "[io]") {
    const std::vector<std::uint8_t> pixels(12, 0);
    CHECK_THROWS_AS(Image::from_pixels(nullptr, 2, 2, 3), InvalidArgument);
    CHECK_THROWS_AS(Image::from_pixels(pixels.data(), 0, 2, 3), InvalidArgument);
    CHECK_THROWS_AS(Image::from_pixels(pixels.data(), 2, 2, 2), InvalidArgument);
    CHECK_THROWS_AS(Image::from_pixels(pixels.data(), 2, 2, 3, 5), InvalidArgument);
    Limits tiny;
    tiny.max_pixels = 3;
    CHECK_THROWS_AS(Image::from_pixels(pixels.data(), 2, 2, 3, 0, PixelOrder::RGB, "", tiny),
                    LimitError);
}

TEST_CASE("bad inputs get a clear error and the file is left untouched", "[io]") {
    fx::TempDir dir;
    auto unchanged = [](const std::string& path, const std::vector<std::uint8_t>& bytes) {
        CHECK(fx::read_bytes(path) == bytes);
    };
    SECTION("empty file") {
        const std::string path = dir.file("empty.jpg");
        fx::write_bytes(path, {});
        CHECK_THROWS_AS(Image::from_file(path), DecodeError);
        unchanged(path, {});
    }
    SECTION("truncated JPEG") {
        auto bytes = fx::make_single_jpeg(128, 128, 1, 90);
        bytes.resize(bytes.size() * 2 / 3);
        const std::string path = dir.file("truncated.jpg");
        fx::write_bytes(path, bytes);
        CHECK_THROWS_AS(Image::from_file(path), DecodeError);
        unchanged(path, bytes);
    }
    SECTION("text file named .jpg") {
        const std::string text = "Dear diary, this is not a picture.\n";
        const std::vector<std::uint8_t> bytes(text.begin(), text.end());
        const std::string path = dir.file("note.jpg");
        fx::write_bytes(path, bytes);
        CHECK_THROWS_WITH(Image::from_file(path), Catch::Contains("not a supported image format"));
        CHECK_THROWS_AS(Image::from_file(path), DecodeError);
        unchanged(path, bytes);
    }
    SECTION("PNG claiming 60000x60000 pixels is refused from its header") {
        const auto bytes = fx::png_claiming_size(60000, 60000);
        const std::string path = dir.file("huge.png");
        fx::write_bytes(path, bytes);
        CHECK_THROWS_AS(Image::from_file(path), LimitError);
        CHECK_THROWS_WITH(Image::from_file(path), Catch::Contains("60000x60000"));
        unchanged(path, bytes);
    }
    SECTION("file larger than the byte limit") {
        const auto bytes = fx::make_single_jpeg(64, 64, 2, 90);
        const std::string path = dir.file("big.jpg");
        fx::write_bytes(path, bytes);
        Limits limits;
        limits.max_file_bytes = bytes.size() - 1;
        CHECK_THROWS_AS(Image::from_file(path, limits), LimitError);
    }
    SECTION("missing path") {
        CHECK_THROWS_AS(Image::from_file(dir.file("missing.jpg")), IoError);
    }
    SECTION("a directory") {
        CHECK_THROWS_AS(Image::from_file(dir.path().string()), IoError);
    }
    SECTION("unreadable path") {
        const auto bytes = fx::make_single_jpeg(32, 32, 3, 90);
        const std::string path = dir.file("locked.jpg");
        fx::write_bytes(path, bytes);
        // Through a regular file as if it were a directory: unreadable for anyone.
        CHECK_THROWS_AS(Image::from_file(path + "/inside.jpg"), IoError);
        if (::geteuid() != 0) {  // root reads files whatever their permissions
            std::filesystem::permissions(path, std::filesystem::perms::none);
            CHECK_THROWS_AS(Image::from_file(path), IoError);
            std::filesystem::permissions(path, std::filesystem::perms::owner_all);
        }
        unchanged(path, bytes);
    }
}

TEST_CASE("conversions to 8-bit colour are named in the image facts and the report", "[io]") {
    using libdetect::detail::impl_of;
    cv::Mat rgba16(64, 80, CV_16UC4, cv::Scalar(1000, 20000, 40000, 65535));
    std::vector<std::uint8_t> png;
    REQUIRE(cv::imencode(".png", rgba16, png));
    const Image deep = Image::from_bytes(png, "deep.png");
    const auto& conversions = impl_of(deep).facts.conversions;
    REQUIRE(conversions.size() == 2);
    CHECK_THAT(conversions[0], Catch::StartsWith("16-bit samples reduced to 8 bits"));
    CHECK_THAT(conversions[1], Catch::StartsWith("alpha channel dropped"));
    CHECK(Detector(Options{{"ela"}}).analyze(deep).pixel_conversions == conversions);

    cv::Mat bgra(64, 80, CV_8UC4, cv::Scalar(10, 20, 30, 128));
    std::vector<std::uint8_t> webp;
    REQUIRE(cv::imencode(".webp", bgra, webp, {cv::IMWRITE_WEBP_QUALITY, 101}));
    CHECK(impl_of(Image::from_bytes(webp, "alpha.webp")).facts.conversions ==
          std::vector<std::string>{conversions[1]});

    const std::vector<std::uint8_t> rgba(16 * 16 * 4, 200);
    CHECK(impl_of(Image::from_pixels(rgba.data(), 16, 16, 4)).facts.conversions ==
          std::vector<std::string>{conversions[1]});

    cv::Mat plain(64, 80, CV_8UC3, cv::Scalar(10, 20, 30));
    std::vector<std::uint8_t> jpeg;
    REQUIRE(cv::imencode(".jpg", plain, jpeg));
    CHECK(impl_of(Image::from_bytes(jpeg, "plain.jpg")).facts.conversions.empty());
}
