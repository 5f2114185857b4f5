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

TEST_CASE("files in folders that are not images are listed as skipped, with the reason", "[pipeline]") {
    fx::TempDir dir;
    std::filesystem::create_directories(dir.path() / "sub");
    fx::write_bytes(dir.file("notes.txt"), {'h', 'i', '\n'});
    fx::write_bytes(dir.file("empty.dat"), {});
    fx::write_bytes(dir.file("sub/photo"), fx::make_single_jpeg(32, 32, 1, 90));  // a JPEG without extension

    const auto entries = list_inputs({dir.path().string()}, true);
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].path == dir.file("empty.dat"));
    CHECK(entries[0].skipped == "an empty file");
    CHECK(entries[1].path == dir.file("notes.txt"));
    CHECK(entries[1].skipped.find("not an image") == 0);
    CHECK(entries[2].path == dir.file("sub/photo"));
    CHECK(entries[2].skipped.empty());
    CHECK(expand_inputs({dir.path().string()}, true) == std::vector<std::string>{dir.file("sub/photo")});

    const ScanOutcome outcome = skipped_outcome(entries[1]);
    CHECK_FALSE(outcome.ok());
    CHECK(outcome.error_type == "skipped");
    CHECK(outcome.error_message == entries[1].skipped);
    // Images of formats libdetect cannot decode are analyzed (and reported), not called non-images.
    fx::write_bytes(dir.file("anim.gif"), {'G', 'I', 'F', '8', '9', 'a', 1, 0});
    fx::write_bytes(dir.file("photo.heic"), {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0});
    for (const auto& entry : list_inputs({dir.path().string()}, false))
        if (entry.path == dir.file("anim.gif") || entry.path == dir.file("photo.heic")) CHECK(entry.skipped.empty());
    // Given by name, a non-image is analyzed (and reported as an error), not skipped.
    CHECK(list_inputs({dir.file("notes.txt")}, false).front().skipped.empty());
}
