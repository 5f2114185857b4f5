#include "metadata/text_record.hpp"

namespace libdetect::metadata {

void ContainerMetadata::add_text(std::string location, std::string key, std::string text) {
    if (texts.size() >= kMaxRecords) {
        if (!fields_capped) add_problem("more than " + std::to_string(kMaxRecords) + " text fields: the rest are ignored");
        fields_capped = true;
        return;
    }
    TextRecord record{std::move(location), valid_utf8(key), {}, false};
    if (text.size() > kMaxTextBytes) {
        text.resize(kMaxTextBytes);
        record.truncated = true;
    }
    record.text = valid_utf8(text);
    texts.push_back(std::move(record));
}

void ContainerMetadata::add_problem(std::string problem) {
    if (problems.size() < kMaxProblems) problems.push_back(std::move(problem));
    else ++problems_not_listed;
}

std::string valid_utf8(const std::string& bytes) {
    static const char kReplacement[] = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(bytes.size());
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned char c = s[i];
        std::size_t length = 0;
        std::uint32_t min = 0;
        if (c < 0x80) length = 1;
        else if ((c & 0xE0) == 0xC0) length = 2, min = 0x80;
        else if ((c & 0xF0) == 0xE0) length = 3, min = 0x800;
        else if ((c & 0xF8) == 0xF0) length = 4, min = 0x10000;
        bool ok = length > 0 && i + length <= n;
        std::uint32_t code = length == 1 ? c : (c & (0x7F >> length));
        for (std::size_t k = 1; ok && k < length; ++k) {
            ok = (s[i + k] & 0xC0) == 0x80;
            code = (code << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are invalid too.
        if (ok && length > 1) ok = code >= min && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
        if (ok) {
            out.append(bytes, i, length);
            i += length;
        } else {
            out += kReplacement;
            ++i;
        }
    }
    return out;
}

std::string latin1_to_utf8(const std::string& bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (unsigned char c : bytes) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

}  // namespace libdetect::metadata
