#include "metadata/c2pa.hpp"

#include "metadata/cbor.hpp"
#include "metadata/jumbf.hpp"
#include "metadata/text_record.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>

namespace libdetect::metadata {
namespace {

using Json = nlohmann::json;

// An assertion's or claim's content as JSON: CBOR content boxes are
// checked (well formed, bounded depth) before nlohmann parses them.
std::optional<Json> content_json(const JumbfBox* box, const std::string& what, std::vector<std::string>& problems) {
    const JumbfBox* content = box ? box->content() : nullptr;
    if (!content) return std::nullopt;
    Json json;
    if (content->type == "cbor") {
        std::size_t end = 0;
        std::string error;
        if (!cbor_item_ok(content->payload, content->payload_size, end, error)) {
            problems.push_back("C2PA " + what + ": " + error);
            return std::nullopt;
        }
        json = Json::from_cbor(content->payload, content->payload + end, true, false, Json::cbor_tag_handler_t::ignore);
    } else if (content->type == "json") {
        json = Json::parse(content->payload, content->payload + content->payload_size, nullptr, false);
    } else {
        return std::nullopt;
    }
    if (json.is_discarded()) {
        problems.push_back("C2PA " + what + ": malformed " + content->type + " content");
        return std::nullopt;
    }
    return json;
}

std::string text(const Json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? valid_utf8(it->get<std::string>()) : std::string();
}

std::string claim_generator_of(const Json& claim) {
    std::string generator = text(claim, "claim_generator");
    if (!generator.empty()) return generator;
    // Claim v2: claim_generator_info is one map (v1 allowed an array).
    const auto it = claim.find("claim_generator_info");
    if (it == claim.end()) return {};
    const Json& info = it->is_array() && !it->empty() ? (*it)[0] : *it;
    std::string name = text(info, "name"), version = text(info, "version");
    return version.empty() ? name : name + "/" + version;
}

std::string x509_name(X509_NAME* name) {
    if (!name) return {};
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return valid_utf8(std::string(data, static_cast<std::size_t>(std::max(0L, length))));
}

void read_signature(const JumbfBox* box, C2paManifestSummary& m, std::vector<std::string>& problems) {
    const JumbfBox* content = box ? box->content() : nullptr;
    if (!content) {
        problems.push_back("C2PA: manifest " + m.label + " has no signature box");
        return;
    }
    std::string error;
    const auto cose = read_cose_sign1(content->payload, content->payload_size, error);
    if (!cose) {
        problems.push_back("C2PA signature: " + error);
        return;
    }
    if (cose->algorithm) m.signature_algorithm = cose_algorithm_name(*cose->algorithm);
    if (cose->x5chain.empty()) return;
    const unsigned char* der = cose->x5chain.front().data();
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        d2i_X509(nullptr, &der, static_cast<long>(cose->x5chain.front().size())), X509_free);
    if (!cert) {
        problems.push_back("C2PA signature: the signer's certificate does not parse");
        return;
    }
    m.signer_subject = x509_name(X509_get_subject_name(cert.get()));
    m.signer_issuer = x509_name(X509_get_issuer_name(cert.get()));
}

// c2pa.hash.data: digest of the file with the exclusion ranges left out.
std::string check_data_hash(const Json& hash, const std::string& claim_alg, const std::uint8_t* file,
                            std::size_t size) {
    std::string alg = text(hash, "alg");
    if (alg.empty()) alg = claim_alg.empty() ? "sha256" : claim_alg;
    const EVP_MD* md = alg == "sha256" ? EVP_sha256() : alg == "sha384" ? EVP_sha384() : alg == "sha512" ? EVP_sha512() : nullptr;
    if (!md) return "not checked: unsupported hash algorithm " + alg;
    const auto expected = hash.find("hash");
    if (expected == hash.end() || !expected->is_binary()) return "not checked: the assertion holds no hash";
    std::vector<std::pair<std::uint64_t, std::uint64_t>> exclusions;
    if (const auto list = hash.find("exclusions"); list != hash.end() && list->is_array()) {
        for (const auto& e : *list) {
            if (!e.is_object() || !e.contains("start") || !e.contains("length") || !e["start"].is_number_unsigned() ||
                !e["length"].is_number_unsigned())
                return "not checked: malformed exclusion range";
            exclusions.emplace_back(e["start"].get<std::uint64_t>(), e["length"].get<std::uint64_t>());
        }
    }
    std::sort(exclusions.begin(), exclusions.end());
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), md, nullptr);
    std::uint64_t at = 0;
    for (const auto& [start, length] : exclusions) {
        if (start < at || start > size || length > size - start) return "not checked: an exclusion range lies outside the file";
        EVP_DigestUpdate(ctx.get(), file + at, static_cast<std::size_t>(start - at));
        at = start + length;
    }
    EVP_DigestUpdate(ctx.get(), file + at, static_cast<std::size_t>(size - at));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &digest_size);
    const auto& stored = expected->get_binary();
    const bool same = stored.size() == digest_size && std::equal(stored.begin(), stored.end(), digest);
    return same ? "match" : "mismatch";
}

void read_assertions(const JumbfBox& store, const std::string& claim_alg, const std::uint8_t* file, std::size_t size,
                     C2paManifestSummary& m, std::vector<std::string>& problems) {
    m.hash_status = "not checked: no c2pa.hash.data assertion";
    bool hash_checked = false, extra_hash_noted = false;
    for (const auto& assertion : store.children) {
        if (assertion.type != "jumb") continue;
        const std::string& label = assertion.label;
        // Labels may carry an instance suffix: "c2pa.ingredient__1".
        const std::string base = label.substr(0, label.find("__"));
        if (base == "c2pa.actions" || base == "c2pa.actions.v2") {
            const auto json = content_json(&assertion, label, problems);
            if (!json || !json->contains("actions") || !(*json)["actions"].is_array()) continue;
            for (const auto& a : (*json)["actions"]) {
                C2paAction action{text(a, "action"), text(a, "digitalSourceType"), {}, {}};
                if (a.is_object() && a.contains("parameters"))
                    action.vendor_source_type = text(a["parameters"], "com.adobe.digitalSourceType");
                if (a.is_object() && a.contains("softwareAgent"))
                    action.software_agent = a["softwareAgent"].is_string() ? text(a, "softwareAgent")
                                                                           : text(a["softwareAgent"], "name");
                m.actions.push_back(std::move(action));
            }
        } else if (base == "c2pa.ingredient" || base == "c2pa.ingredient.v2" || base == "c2pa.ingredient.v3") {
            const auto json = content_json(&assertion, label, problems);
            if (!json) continue;
            std::string title = text(*json, "dc:title");
            if (title.empty()) title = text(*json, "title");
            const std::string relationship = text(*json, "relationship");
            m.ingredients.push_back((title.empty() ? "untitled" : title) + " (" + relationship + ")");
            // The ingredient's own manifest in this store, by its URI
            // ("self#jumbf=c2pa/urn:uuid:.../c2pa.claim"): c2pa_manifest in
            // ingredient v1/v2, activeManifest in v3.
            for (const char* key : {"c2pa_manifest", "activeManifest"}) {
                if (!json->contains(key) || !(*json)[key].is_object()) continue;
                const std::string url = text((*json)[key], "url");
                const auto at = url.find("c2pa/");
                if (at == std::string::npos) continue;
                const std::string rest = url.substr(at + 5);
                m.ingredient_manifests.push_back({relationship, rest.substr(0, rest.find('/'))});
            }
        } else if (base == "c2pa.hash.data" && file) {  // no file: a parent manifest (read_manifest)
            // A manifest has one hard binding. Each check hashes the whole
            // file, so a crafted manifest with thousands of them would cost
            // thousands of passes: only the first is checked.
            if (hash_checked) {
                if (!extra_hash_noted)
                    problems.push_back("C2PA: more than one c2pa.hash.data assertion; only the first was checked");
                extra_hash_noted = true;
                continue;
            }
            hash_checked = true;
            const auto json = content_json(&assertion, label, problems);
            m.hash_status = json ? check_data_hash(*json, claim_alg, file, size) : "not checked: unreadable assertion";
        }
    }
}

}  // namespace

namespace {

// One manifest's claim, assertions and signature. Only the active manifest's
// hard binding refers to this file; a parent (ingredient) manifest's binds
// the ingredient's own bytes, which are not here.
C2paManifestSummary read_manifest(const JumbfBox& manifest, bool active, const std::uint8_t* file,
                                  std::size_t file_size, std::vector<std::string>& problems) {
    C2paManifestSummary m;
    m.label = manifest.label;
    const JumbfBox* claim_box = manifest.child("c2pa.claim.v2");
    if (!claim_box) claim_box = manifest.child("c2pa.claim");
    const auto claim = content_json(claim_box, "claim", problems);
    std::string claim_alg;
    if (claim) {
        m.claim_generator = claim_generator_of(*claim);
        m.title = text(*claim, "dc:title");
        m.format = text(*claim, "dc:format");
        claim_alg = text(*claim, "alg");
    } else {
        problems.push_back(std::string("C2PA: the ") + (active ? "active" : "parent") + " manifest " + manifest.label +
                           "'s claim is missing or unreadable");
    }
    if (const JumbfBox* assertions = manifest.child("c2pa.assertions"))
        read_assertions(*assertions, claim_alg, active ? file : nullptr, active ? file_size : 0, m, problems);
    else
        m.hash_status = "not checked: the manifest has no assertion store";
    if (!active) m.hash_status = "not checked: a parent manifest binds its ingredient's bytes, not this file's";
    read_signature(manifest.child("c2pa.signature"), m, problems);
    return m;
}

}  // namespace

C2paStore read_c2pa(const std::vector<std::uint8_t>& bytes, const std::uint8_t* file, std::size_t file_size) {
    C2paStore store;
    if (bytes.empty()) return store;
    store.present = true;
    const std::vector<JumbfBox> top = parse_jumbf(bytes.data(), bytes.size(), store.problems);
    const JumbfBox* root = nullptr;
    for (const auto& box : top)
        if (box.type == "jumb" && box.label == "c2pa") root = &box;
    if (!root) {
        store.problems.push_back("C2PA: no manifest store (a JUMBF superbox labelled c2pa)");
        return store;
    }
    std::vector<const JumbfBox*> manifests;
    for (const auto& manifest : root->children)
        if (manifest.type == "jumb") manifests.push_back(&manifest);
    store.manifests = static_cast<int>(manifests.size());
    if (manifests.empty()) {
        store.problems.push_back("C2PA: the manifest store holds no manifest");
        return store;
    }
    // The last manifest is the active one; the ones before it are parents
    // (ingredients) of the chain, read up to a cap so that a store of
    // thousands of manifests costs no more than kMaxParents of them.
    const std::size_t first = manifests.size() > C2paStore::kMaxParents + 1 ? manifests.size() - C2paStore::kMaxParents - 1 : 0;
    if (first > 0)
        store.problems.push_back("C2PA: " + std::to_string(manifests.size()) + " manifests; only the active one and " +
                                 std::to_string(C2paStore::kMaxParents) + " parents before it were read");
    for (std::size_t i = first; i + 1 < manifests.size(); ++i)
        store.parents.push_back(read_manifest(*manifests[i], false, file, file_size, store.problems));
    store.active = read_manifest(*manifests.back(), true, file, file_size, store.problems);
    // Each earlier manifest's role, from the ingredient references: a
    // "parentOf" chain from the active manifest makes a manifest part of this
    // image's own history (its declarations hold for this image); a
    // component or input is another image that went into it.
    std::vector<const C2paManifestSummary*> frontier = {&*store.active};
    while (!frontier.empty()) {
        const C2paManifestSummary* m = frontier.back();
        frontier.pop_back();
        for (const auto& [relationship, label] : m->ingredient_manifests)
            for (auto& parent : store.parents)
                if (parent.label == label && parent.role.empty()) {
                    parent.role = relationship == "parentOf" ? "parent" : "ingredient (" + relationship + ")";
                    if (relationship == "parentOf") frontier.push_back(&parent);
                }
    }
    for (auto& parent : store.parents)
        if (parent.role.empty()) parent.role = "not referenced by the active manifest";
    return store;
}

}  // namespace libdetect::metadata
