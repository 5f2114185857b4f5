#include <libdetect/version.hpp>

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("the loaded library reports the version of its headers", "[core]") {
    CHECK(std::string(libdetect::version_string()) == LIBDETECT_VERSION_STRING);
    CHECK(libdetect::version_major() == LIBDETECT_VERSION_MAJOR);
    CHECK(libdetect::version_minor() == LIBDETECT_VERSION_MINOR);
    CHECK(libdetect::version_patch() == LIBDETECT_VERSION_PATCH);
    const std::string expected = std::to_string(LIBDETECT_VERSION_MAJOR) + "." +
                                 std::to_string(LIBDETECT_VERSION_MINOR) + "." +
                                 std::to_string(LIBDETECT_VERSION_PATCH);
    CHECK(expected == LIBDETECT_VERSION_STRING);
    CHECK_FALSE(std::string(libdetect::git_revision()).empty());
}
