#include <libdetect/error.hpp>

#include <catch2/catch.hpp>

#include <cstring>

using namespace libdetect;

TEST_CASE("every error derives from Error and names its type", "[core]") {
    auto check = [](const Error& e, const char* type) {
        CHECK(std::strcmp(e.type(), type) == 0);
        CHECK(std::string(e.what()) == "message");
    };
    check(Error("message"), "error");
    check(IoError("message"), "io_error");
    check(DecodeError("message"), "decode_error");
    check(LimitError("message"), "limit_error");
    check(InvalidArgument("message"), "invalid_argument");
    check(ModelError("message"), "model_error");
    CHECK_THROWS_AS(throw DecodeError("x"), Error);
    CHECK_THROWS_AS(throw LimitError("x"), std::runtime_error);
}
