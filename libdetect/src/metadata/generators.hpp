// Recognising what a file declares about its origin: AI generators' own
// parameter blocks, software and credit strings, IPTC DigitalSourceType.
#pragma once

#include <string>
#include <vector>

namespace libdetect::metadata {

// One metadata field as the recogniser sees it.
struct Field {
    std::string name;  // "png:tEXt:parameters", "Exif.Photo.UserComment", "xmp:DigitalSourceType", ...
    std::string key;   // the bare keyword or tag ("parameters", "UserComment", ...)
    std::string text;
};

enum class DeclarationKind {
    generator_parameters,  // a generator's own record (prompt, sampler, seed, node graph)
    generator_credit,      // software / credit naming an AI generator
    ai_source_type,        // IPTC DigitalSourceType: trained algorithmic media (or a composite with it)
    capture_source_type,   // IPTC DigitalSourceType: a capture by a camera or scanner
    other_source_type,     // another DigitalSourceType (e.g. algorithmicMedia: not generative AI as such)
};

struct Declaration {
    std::string generator;  // named plainly, e.g. "ComfyUI", "Midjourney"; the type URI's term for source types
    DeclarationKind kind;
    std::string field;      // Field::name it came from
    bool declares_ai() const {
        return kind == DeclarationKind::generator_parameters || kind == DeclarationKind::generator_credit ||
               kind == DeclarationKind::ai_source_type;
    }
};

std::vector<Declaration> recognise_declarations(const std::vector<Field>& fields);

const char* kind_name(DeclarationKind kind);

}  // namespace libdetect::metadata
