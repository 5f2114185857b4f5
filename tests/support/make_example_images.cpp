// Writes the bundled example images (examples/images/) from the test fixtures,
// so the examples and the tests share one definition of each picture.
//   make_example_images <output directory>
#include "fixtures.hpp"

#include <opencv2/core.hpp>

#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: make_example_images <output directory>\n";
        return 2;
    }
    namespace fx = libdetect::fixtures;
    const std::filesystem::path dir(argv[1]);
    std::filesystem::create_directories(dir);
    // An untouched photo-like JPEG, compressed once at quality 90.
    fx::write_bytes((dir / "untouched.jpg").string(), fx::make_single_jpeg(640, 480, 7, 90));
    // A splice: a 200x160 region at (300, 120) pasted from another picture.
    const auto splice = fx::make_jpeg_splice(640, 480, 11, 75, 95, 90, cv::Rect(300, 120, 200, 160));
    fx::write_bytes((dir / "spliced.jpg").string(), splice.jpeg);
    // A lossless PNG that was never a JPEG.
    fx::write_bytes((dir / "lossless.png").string(),
                    fx::encode(fx::synthetic_scene(320, 240, 23), ".png"));
    // A JPEG whose EXIF says "rotate 90° clockwise to display" (orientation 6).
    fx::write_bytes((dir / "rotated_exif.jpg").string(),
                    fx::jpeg_with_orientation(fx::synthetic_scene(320, 240, 31), 6));
    std::cout << "wrote example images to " << dir << "\n";
    return 0;
}
