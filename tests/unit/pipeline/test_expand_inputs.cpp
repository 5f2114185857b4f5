#include <libdetect/detector.hpp>

#include "fixtures.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace libdetect;
namespace fx = libdetect::fixtures;

TEST_CASE("directories expand to their image files in sorted order", "[pipeline]") {
    fx::TempDir dir;
    std::filesystem::create_directories(dir.path() / "sub");
    for (const char* name : {"b.JPG", "a.png", "notes.txt", "sub/c.webp"})
        fx::write_bytes(dir.file(name), {1, 2, 3});

    const auto flat = expand_inputs({dir.path().string()}, false);
    CHECK(flat == std::vector<std::string>{dir.file("a.png"), dir.file("b.JPG")});

    const auto deep = expand_inputs({dir.path().string()}, true);
    CHECK(deep == std::vector<std::string>{dir.file("a.png"), dir.file("b.JPG"), dir.file("sub/c.webp")});

    // Files and missing paths pass through, so the scan can report them.
    const auto mixed = expand_inputs({dir.file("notes.txt"), dir.file("gone.jpg")}, false);
    CHECK(mixed == std::vector<std::string>{dir.file("notes.txt"), dir.file("gone.jpg")});
}
