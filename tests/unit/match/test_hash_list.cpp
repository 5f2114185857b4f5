#include <libdetect/error.hpp>
#include <libdetect/match.hpp>

#include "match/csv.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace libdetect;

namespace {

const std::string kHashA = "67c65a83d8ef96238077c98accc4c8503e54b67827dae071c9af79afac25829d";
const std::string kHashNearA = "67c65a83d8ef96238077c98accc4c8503e54b67827dae071c9af79afac2582ff";  // 3 bits
const std::string kMd5 = "3d02a0edf56faf2b7558b719ba7be215";

std::string write_list(const fixtures::TempDir& dir, const std::string& text) {
    const std::string path = dir.file("list.csv");
    std::ofstream(path) << text;
    return path;
}

}  // namespace

TEST_CASE("CSV records split with quotes and doubled quotes", "[match]") {
    using match::split_csv_line;
    CHECK(*split_csv_line("a,b,,c") == std::vector<std::string>{"a", "b", "", "c"});
    CHECK(*split_csv_line("\"x, y\",\"say \"\"hi\"\"\"\r") == std::vector<std::string>{"x, y", "say \"hi\""});
    CHECK_FALSE(split_csv_line("\"open,"));
}

TEST_CASE("hash lists load good lines and report bad ones by line number", "[match]") {
    fixtures::TempDir dir;
    const std::string path = write_list(dir,
        "# exported list\n"
        "label,md5,pdq,extra\n"
        "\"case 1, photo\",," + kHashA + ",x\n"
        "short,,abcd,\n"
        "\n"
        "bad md5,nothex," + kHashA + ",\n"
        "md5 only," + kMd5 + "," + std::string(64, '0') + ",\n"
        "\"unterminated,," + kHashA + "\n"
        "near,," + kHashNearA + ",\n");
    const HashList list = HashList::load_csv(path);
    REQUIRE(list.size() == 3);
    CHECK(list.at(0).label == "case 1, photo");
    CHECK(list.at(0).line == 3);
    CHECK(list.at(1).md5 == kMd5);
    REQUIRE(list.problems().size() == 3);
    CHECK(list.problems()[0].line == 4);
    CHECK(list.problems()[1].line == 6);
    CHECK(list.problems()[2].line == 8);
    CHECK_THAT(list.problems()[2].message, Catch::Contains("unterminated"));

    const auto matches = list.query(PdqHash::from_hex(kHashA), 31, kMd5);
    REQUIRE(matches.size() == 3);
    CHECK(matches[0].index == 0);
    CHECK(matches[0].distance == 0);
    CHECK(matches[1].index == 2);
    CHECK(matches[1].distance == 3);
    CHECK(matches[2].index == 1);  // by MD5 only, far in PDQ
    CHECK(matches[2].md5_equal);
    CHECK(matches[2].distance > 31);
    CHECK(list.query(PdqHash::from_hex(kHashA), 2).size() == 1);
    CHECK_THROWS_AS(list.query(PdqHash{}, 300), InvalidArgument);
}

TEST_CASE("unusable hash lists are errors", "[match]") {
    fixtures::TempDir dir;
    CHECK_THROWS_AS(HashList::load_csv(dir.file("missing.csv")), IoError);
    CHECK_THROWS_AS(HashList::load_csv(write_list(dir, "label,md5\nx,y\n")), InvalidArgument);
    CHECK_THROWS_AS(HashList::load_csv(write_list(dir, "")), InvalidArgument);
}

TEST_CASE("entries added in code are found once the index is rebuilt", "[match]") {
    HashList list;
    list.add({PdqHash::from_hex(kHashA), "", "first", 0});
    CHECK(list.query(PdqHash::from_hex(kHashNearA)).size() == 1);
    list.add({PdqHash::from_hex(kHashNearA), "", "second", 0});
    CHECK(list.query(PdqHash::from_hex(kHashNearA)).size() == 2);
}
