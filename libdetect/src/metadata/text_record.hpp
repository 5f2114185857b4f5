// What the metadata parsers extract from a file's container: text fields
// with where they were found, the raw EXIF/XMP/C2PA payloads, and every
// problem met on the way (a parser never throws on malformed metadata; it
// says what was malformed and keeps what it could read).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace libdetect::metadata {

// Caps that bound memory whatever the file claims.
constexpr std::size_t kMaxTextBytes = 1 << 20;       // per decoded text field
constexpr std::size_t kMaxRecords = 256;             // text fields kept per file
constexpr std::size_t kMaxProblems = 16;             // problems listed per file (the rest are counted)

struct TextRecord {
    std::string location;  // e.g. "png:tEXt", "png:iTXt", "jpeg:COM", "exif:UserComment"
    std::string key;       // keyword or field name
    std::string text;      // valid UTF-8, at most kMaxTextBytes
    bool truncated = false;
};

struct ContainerMetadata {
    std::string container;               // "png", "jpeg", "webp", ...
    std::vector<TextRecord> texts;
    std::vector<std::uint8_t> exif;      // TIFF-structured EXIF payload
    std::string xmp;                     // XMP packet
    std::vector<std::uint8_t> c2pa;      // C2PA manifest store (JUMBF), reassembled
    std::vector<std::string> problems;   // malformed structures, in plain words (the first kMaxProblems)
    std::size_t problems_not_listed = 0; // beyond kMaxProblems: a crafted file repeats one flaw thousands of times
    bool fields_capped = false;          // kMaxRecords was reached

    void add_text(std::string location, std::string key, std::string text);
    void add_problem(std::string problem);
};

// Replaces invalid UTF-8 sequences with U+FFFD, so that every text can go
// into JSON and Python strings.
std::string valid_utf8(const std::string& bytes);
std::string latin1_to_utf8(const std::string& bytes);

}  // namespace libdetect::metadata
