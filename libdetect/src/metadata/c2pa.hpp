// C2PA Content Credentials: every manifest of the store (the last is the
// active one; those before it are its parents), each one's claim,
// assertions and signer, and the active manifest's hard-binding check
// (c2pa.hash.data: a hash over the file minus the exclusion ranges). The
// COSE signature itself and the signer's trust chain are NOT verified.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace libdetect::metadata {

struct C2paAction {
    std::string action;               // "c2pa.created", "c2pa.edited", ...
    std::string digital_source_type;  // the action's digitalSourceType, if any
    std::string vendor_source_type;   // parameters.com.adobe.digitalSourceType (a vendor field)
    std::string software_agent;
};

struct C2paManifestSummary {
    std::string label;
    std::string claim_generator;
    std::string title, format;
    std::vector<C2paAction> actions;
    std::vector<std::string> ingredients;  // "title (relationship)"
    // (relationship, label of the ingredient's manifest in this store)
    std::vector<std::pair<std::string, std::string>> ingredient_manifests;
    // For a manifest before the active one: "parent" (reached from the
    // active manifest through parentOf ingredients: this image's own
    // history), "ingredient (componentOf)" and the like, or not referenced.
    std::string role;
    std::string signature_algorithm;
    std::string signer_subject, signer_issuer;
    // Hard binding: "match", "mismatch", or why it was not checked.
    std::string hash_status;
};

struct C2paStore {
    // Parents read before the active manifest, at most (older ones are noted).
    static constexpr std::size_t kMaxParents = 32;
    bool present = false;
    int manifests = 0;
    std::optional<C2paManifestSummary> active;
    // The manifests before the active one, oldest first, each with its role:
    // a generator's declaration in a parent still holds after an edit, one
    // in a component (a sticker pasted in) does not make this image AI-made.
    std::vector<C2paManifestSummary> parents;
    std::vector<std::string> problems;
};

// store: the reassembled JUMBF manifest store; file: the whole file (the
// exclusion ranges are offsets into it).
C2paStore read_c2pa(const std::vector<std::uint8_t>& store, const std::uint8_t* file, std::size_t file_size);

}  // namespace libdetect::metadata
