#include "c2pa_builders.hpp"
#include "fixtures.hpp"
#include "metadata/c2pa.hpp"
#include "metadata/cbor.hpp"
#include "metadata/jumbf.hpp"
#include "metadata/metadata_analyzer.hpp"
#include "metadata/png_chunks.hpp"

#include <libdetect/image.hpp>

#include <catch2/catch.hpp>
#include <openssl/sha.h>

#include <filesystem>
#include <fstream>

using namespace libdetect;
using namespace libdetect::metadata;
using namespace libdetect::test;
namespace fx = libdetect::fixtures;

namespace {

const char* const kTrainedAlgorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

Bytes manifest_store(const Bytes& hash, std::uint64_t start, std::uint64_t length, const Bytes& certificate) {
    const nlohmann::json actions = {
        {"actions", {{{"action", "c2pa.created"}, {"digitalSourceType", kTrainedAlgorithmicMedia}}}}};
    const nlohmann::json hash_data = {{"exclusions", {{{"start", start}, {"length", length}}}},
                                      {"name", "jumbf manifest"},
                                      {"alg", "sha256"},
                                      {"hash", nlohmann::json::binary(std::vector<std::uint8_t>(hash))}};
    const nlohmann::json claim = {{"claim_generator", "libdetect-test/1.0"}, {"alg", "sha256"}, {"dc:format", "image/png"}};
    return jumbf_superbox(
        "c2pa", {jumbf_superbox("urn:uuid:00000000-0000-0000-0000-000000000001",
                                {jumbf_superbox("c2pa.assertions", {cbor_box("c2pa.actions.v2", actions),
                                                                    cbor_box("c2pa.hash.data", hash_data)}),
                                 cbor_box("c2pa.claim", claim),
                                 jumbf_superbox("c2pa.signature", {jumbf_box("cbor", cose_sign1(certificate))})})});
}

// A PNG whose caBX chunk (right after IHDR) binds the rest of the file.
Bytes signed_png(const Bytes& certificate) {
    const Bytes png = fx::encode(fx::synthetic_scene(64, 48, 9), ".png");
    const std::size_t at = 33;  // after the signature and IHDR
    auto assemble = [&](const Bytes& hash) {
        // The exclusion's length is the chunk's, whose size depends on how
        // CBOR encodes that length: iterate to the fixed point.
        std::size_t chunk_size = 12;
        Bytes store;
        for (int i = 0; i < 4; ++i) {
            store = manifest_store(hash, at, chunk_size, certificate);
            chunk_size = 12 + store.size();
        }
        const Bytes chunk = png_chunk("caBX", std::string(store.begin(), store.end()));
        Bytes out(png.begin(), png.begin() + at);
        out.insert(out.end(), chunk.begin(), chunk.end());
        out.insert(out.end(), png.begin() + at, png.end());
        return std::make_pair(out, chunk.size());
    };
    // The hash covers the file without the chunk; its size does not depend
    // on the hash's value, so hash the file assembled with a placeholder.
    const auto [draft, chunk_size] = assemble(Bytes(32, 0));
    Bytes outside(draft.begin(), draft.begin() + at);
    outside.insert(outside.end(), draft.begin() + at + chunk_size, draft.end());
    Bytes digest(32);
    SHA256(outside.data(), outside.size(), digest.data());
    return assemble(digest).first;
}

AnalyzerResult run_metadata(const Bytes& bytes) {
    const Image image = Image::from_bytes(bytes);
    return MetadataAnalyzer().analyze({libdetect::detail::impl_of(image), true, false});
}

}  // namespace

TEST_CASE("C2PA: a code-made manifest is read and its hard binding checked", "[metadata][c2pa]") {
    const Bytes png = signed_png(test_certificate("Test Signer"));
    const AnalyzerResult r = run_metadata(png);
    REQUIRE(r.score);
    CHECK(*r.score == Approx(0.99));
    CHECK(std::get<std::string>(r.evidence.at("c2pa_hash")) == "match");
    CHECK(std::get<std::string>(r.evidence.at("c2pa_claim_generator")) == "libdetect-test/1.0");
    CHECK(std::get<std::string>(r.evidence.at("c2pa_actions")).find("c2pa.created [") == 0);
    CHECK(std::get<std::string>(r.evidence.at("c2pa_signer")) == "CN=Test Signer,O=libdetect tests");
    CHECK(std::get<std::string>(r.evidence.at("c2pa_signature_algorithm")) == "ES256");
    CHECK(std::get<std::string>(r.evidence.at("declared_ai")).find("trainedAlgorithmicMedia (ai_source_type, c2pa:") == 0);

    // Tampered: a text chunk added after the store changes bytes the hash covers.
    Bytes tampered = png;
    const Bytes extra = png_chunk("tEXt", std::string("Comment\0edited", 14));
    tampered.insert(tampered.end() - 12, extra.begin(), extra.end());  // before IEND
    CHECK(std::get<std::string>(run_metadata(tampered).evidence.at("c2pa_hash")) == "mismatch");
}

TEST_CASE("C2PA: malformed stores are described, never trusted", "[metadata][c2pa]") {
    const Bytes file(100, 0);
    SECTION("no c2pa superbox") {
        const Bytes store = jumbf_superbox("other", {});
        const C2paStore c = read_c2pa(store, file.data(), file.size());
        CHECK(c.present);
        CHECK_FALSE(c.active);
        CHECK(c.problems.back().find("no manifest store") != std::string::npos);
    }
    SECTION("an exclusion outside the file") {
        const Bytes store = manifest_store(Bytes(32, 0), 90, 50, test_certificate("x"));
        const C2paStore c = read_c2pa(store, file.data(), file.size());
        REQUIRE(c.active);
        CHECK(c.active->hash_status == "not checked: an exclusion range lies outside the file");
    }
    SECTION("CBOR with the wrong types") {
        const nlohmann::json claim = {{"claim_generator", 5}, {"alg", nlohmann::json::array()}};
        const nlohmann::json hash_data = {{"hash", "not bytes"}, {"exclusions", "none"}};
        const nlohmann::json actions = {{"actions", {{{"action", 7}, {"parameters", "x"}}, "not an object"}}};
        const Bytes store = jumbf_superbox(
            "c2pa", {jumbf_superbox("urn:uuid:1", {jumbf_superbox("c2pa.assertions", {cbor_box("c2pa.hash.data", hash_data),
                                                                                     cbor_box("c2pa.actions", actions)}),
                                                   cbor_box("c2pa.claim", claim)})});
        const C2paStore c = read_c2pa(store, file.data(), file.size());
        REQUIRE(c.active);
        CHECK(c.active->claim_generator.empty());
        CHECK(c.active->hash_status == "not checked: the assertion holds no hash");
        CHECK(c.active->actions.size() == 2);
        CHECK(c.active->actions[0].action.empty());
    }
    SECTION("thousands of hard bindings: the first is checked, the rest named once") {
        const nlohmann::json first = {{"hash", nlohmann::json::binary(Bytes(32, 1))},
                                      {"exclusions", nlohmann::json::array()}};
        const nlohmann::json other = {{"hash", nlohmann::json::binary(Bytes(32, 2))},
                                      {"exclusions", nlohmann::json::array()}};
        std::vector<Bytes> assertions = {cbor_box("c2pa.hash.data", first)};
        for (int i = 0; i < 1300; ++i) assertions.push_back(cbor_box("c2pa.hash.data__" + std::to_string(i + 1), other));
        const Bytes store = jumbf_superbox(
            "c2pa", {jumbf_superbox("urn:uuid:1", {jumbf_superbox("c2pa.assertions", assertions)})});
        const C2paStore c = read_c2pa(store, file.data(), file.size());
        REQUIRE(c.active);
        CHECK(c.active->hash_status == "mismatch");  // the first one's hash, not the last one's
        std::size_t noted = 0;
        for (const auto& p : c.problems) noted += p.find("only the first was checked") != std::string::npos;
        CHECK(noted == 1);
    }
    SECTION("a signature that is not COSE, a claim that is not CBOR") {
        const Bytes store = jumbf_superbox(
            "c2pa", {jumbf_superbox("urn:uuid:1", {jumbf_superbox("c2pa.claim", {jumbf_box("cbor", Bytes{0x5F, 0x41})}),
                                                   jumbf_superbox("c2pa.signature", {jumbf_box("cbor", Bytes{0x01})})})});
        const C2paStore c = read_c2pa(store, file.data(), file.size());
        REQUIRE(c.active);
        std::string all;
        for (const auto& p : c.problems) all += p + "\n";
        CHECK(all.find("claim") != std::string::npos);
        CHECK(all.find("not a COSE_Sign1") != std::string::npos);
    }
}

TEST_CASE("JUMBF: nesting 10,000 deep and lying lengths are bounded", "[metadata][c2pa]") {
    Bytes box = jumbf_box("cbor", Bytes{0x00});
    for (int i = 0; i < 10000; ++i) {
        Bytes outer;
        put_u32be(outer, static_cast<std::uint32_t>(box.size() + 8));
        append(outer, "jumb");
        outer.insert(outer.end(), box.begin(), box.end());
        box.swap(outer);
    }
    std::vector<std::string> problems;
    const auto boxes = parse_jumbf(box.data(), box.size(), problems);
    CHECK(boxes.size() == 1);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.front().find("deeper than 16") != std::string::npos);

    Bytes lying = jumbf_box("cbor", Bytes(4, 0));
    lying[3] = 0xFF;  // LBox 255 in a 12-byte store
    problems.clear();
    CHECK(parse_jumbf(lying.data(), lying.size(), problems).empty());
    CHECK(problems.front().find("runs past") != std::string::npos);
}

TEST_CASE("CBOR: well-formedness and depth are checked without recursion", "[metadata][cbor]") {
    std::size_t end = 0;
    std::string error;
    const auto good = nlohmann::json::to_cbor({{"a", {1, 2, {{"b", "c"}}}}, {"d", nlohmann::json::binary({1, 2})}});
    CHECK(cbor_item_ok(good.data(), good.size(), end, error));
    CHECK(end == good.size());
    const Bytes indefinite = {0x9F, 0x01, 0x5F, 0x41, 0x00, 0xFF, 0xFF};  // [_ 1, (_ h'00')]
    CHECK(cbor_item_ok(indefinite.data(), indefinite.size(), end, error));
    CHECK(end == indefinite.size());

    Bytes deep(100000, 0x81);  // [[[[...
    deep.push_back(0x00);
    CHECK_FALSE(cbor_item_ok(deep.data(), deep.size(), end, error));
    CHECK(error.find("deeper than 64") != std::string::npos);
    // Tags nest too (nlohmann's parser recurses once per tag): 100,000
    // nested tags are refused before it runs, 60 are accepted.
    Bytes deep_tags(100000, 0xC1);  // 1(1(1(...
    deep_tags.push_back(0x00);
    error.clear();
    CHECK_FALSE(cbor_item_ok(deep_tags.data(), deep_tags.size(), end, error));
    CHECK(error.find("deeper than 64") != std::string::npos);
    Bytes shallow_tags(60, 0xC1);
    shallow_tags.push_back(0x00);
    CHECK(cbor_item_ok(shallow_tags.data(), shallow_tags.size(), end, error));
    CHECK(end == shallow_tags.size());
    const Bytes tagged_in_array = {0x82, 0xC1, 0x00, 0x01};  // [1(0), 1]
    CHECK(cbor_item_ok(tagged_in_array.data(), tagged_in_array.size(), end, error));
    CHECK(end == tagged_in_array.size());
    const Bytes truncated = {0x82, 0x01};
    CHECK_FALSE(cbor_item_ok(truncated.data(), truncated.size(), end, error));
    const Bytes huge_string = {0x5B, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    CHECK_FALSE(cbor_item_ok(huge_string.data(), huge_string.size(), end, error));
    const Bytes stray_break = {0xFF};
    CHECK_FALSE(cbor_item_ok(stray_break.data(), stray_break.size(), end, error));
}

TEST_CASE("C2PA: the reference samples give what c2pa-rs reports", "[metadata][c2pa][shared]") {
    const std::filesystem::path dir = LIBDETECT_C2PA_SAMPLES_DIR;
    if (!std::filesystem::exists(dir / "C.jpg")) {
        WARN("C2PA samples not found at " << dir << ": skipped");
        return;
    }
    auto scan = [&](const char* name) {
        return MetadataAnalyzer().analyze({libdetect::detail::impl_of(Image::from_file((dir / name).string())), true, false});
    };
    const auto text = [](const AnalyzerResult& r, const char* key) { return std::get<std::string>(r.evidence.at(key)); };
    CHECK(text(scan("C.jpg"), "c2pa_hash") == "match");
    CHECK(text(scan("C.jpg"), "c2pa_claim_generator") == "make_test_images/0.33.1 c2pa-rs/0.33.1");
    CHECK_FALSE(std::get<bool>(scan("C.jpg").evidence.at("declared")));  // algorithmicMedia is a test value
    const AnalyzerResult ca = scan("CA.jpg");
    CHECK(text(ca, "c2pa_hash") == "match");  // its JUMBF spans two APP11 segments
    CHECK(text(ca, "c2pa_ingredients") == "A.jpg (parentOf)");
    CHECK(text(ca, "c2pa_actions") == "c2pa.opened; c2pa.color_adjustments");
    CHECK(text(scan("XCA.jpg"), "c2pa_hash") == "mismatch");
    CHECK(text(scan("E-sig-CA.jpg"), "c2pa_hash") == "match");  // its signature is broken: not verified here
    CHECK_FALSE(std::get<bool>(scan("no_manifest.jpg").evidence.at("c2pa_store_present")));
    const AnalyzerResult png = scan("100kb-signed.png");
    CHECK(text(png, "c2pa_hash") == "match");
    CHECK(text(png, "c2pa_signature_algorithm") == "ES256");
    CHECK(text(png, "c2pa_signer").find("CN=C2PA Signer") == 0);
}

TEST_CASE("generator samples: each names its generator", "[metadata][shared]") {
    const std::filesystem::path dir = LIBDETECT_GENMETA_SAMPLES_DIR;
    if (!std::filesystem::exists(dir / "manifest.csv")) {
        WARN("generator samples not found at " << dir << ": skipped");
        return;
    }
    const std::pair<const char*, const char*> expected[] = {
        {"a1111_parameters_tEXt.png", "AUTOMATIC1111"},
        {"a1111_exif_usercomment.jpg", "AUTOMATIC1111"},
        {"comfyui_prompt_workflow.png", "ComfyUI"},
        {"novelai_text_chunks.png", "NovelAI"},
        {"sd-webui_exif_usercomment.webp", "AUTOMATIC1111"},
        {"xmp_trainedAlgorithmicMedia_c2pa_firefly.png", "Adobe Firefly"},
    };
    for (const auto& [file, generator] : expected) {
        INFO(file);
        const AnalyzerResult r = MetadataAnalyzer().analyze({libdetect::detail::impl_of(Image::from_file((dir / file).string())), true, false});
        CHECK(std::get<bool>(r.evidence.at("declared")));
        CHECK(std::get<std::string>(r.evidence.at("generator")).find(generator) != std::string::npos);
        REQUIRE(r.score);
        CHECK(*r.score == Approx(0.99));
    }
}

namespace {

// A manifest with its actions and, when `ingredient_of` is given, an
// ingredient assertion pointing at that manifest with `relationship`.
Bytes manifest(const std::string& label, const std::string& generator, const nlohmann::json& actions,
               const std::string& ingredient_of = "", const std::string& relationship = "parentOf") {
    std::vector<Bytes> assertions = {cbor_box("c2pa.actions.v2", {{"actions", actions}})};
    if (!ingredient_of.empty())
        assertions.push_back(cbor_box("c2pa.ingredient.v2",
                                      {{"dc:title", "source.jpg"},
                                       {"relationship", relationship},
                                       {"c2pa_manifest", {{"url", "self#jumbf=c2pa/" + ingredient_of + "/c2pa.claim"}}}}));
    return jumbf_superbox(label, {jumbf_superbox("c2pa.assertions", assertions),
                                  cbor_box("c2pa.claim", {{"claim_generator", generator}, {"alg", "sha256"}})});
}

Bytes png_with_store(const Bytes& store) {
    const Bytes png = fx::encode(fx::synthetic_scene(64, 48, 9), ".png");
    const Bytes chunk = png_chunk("caBX", std::string(store.begin(), store.end()));
    Bytes out(png.begin(), png.begin() + 33);  // after the signature and IHDR
    out.insert(out.end(), chunk.begin(), chunk.end());
    out.insert(out.end(), png.begin() + 33, png.end());
    return out;
}

}  // namespace

TEST_CASE("C2PA: a generator's declaration in a parent manifest still declares AI", "[metadata][c2pa]") {
    // Gemini-like: the active manifest only says the image was edited; its
    // parent (the ingredient's provenance) says a generator created it.
    const Bytes store = jumbf_superbox(
        "c2pa", {manifest("urn:uuid:parent", "Google Gemini",
                          {{{"action", "c2pa.created"}, {"digitalSourceType", kTrainedAlgorithmicMedia}}}),
                 manifest("urn:uuid:active", "Photo editor/2.0", {{{"action", "c2pa.edited"}}}, "urn:uuid:parent")});
    const C2paStore c = read_c2pa(store, nullptr, 0);
    REQUIRE(c.active);
    CHECK(c.active->label == "urn:uuid:active");
    REQUIRE(c.parents.size() == 1);
    CHECK(c.parents[0].claim_generator == "Google Gemini");
    CHECK(c.parents[0].role == "parent");
    CHECK(c.parents[0].hash_status.find("parent manifest") != std::string::npos);

    const AnalyzerResult r = run_metadata(png_with_store(store));
    CHECK(std::get<bool>(r.evidence.at("declared")));
    CHECK(std::get<std::string>(r.evidence.at("declared_ai")).find("c2pa:parent[urn:uuid:parent]:c2pa.created") !=
          std::string::npos);
    CHECK(std::get<std::string>(r.evidence.at("c2pa_chain")) ==
          "parent urn:uuid:parent by Google Gemini: c2pa.created [" + std::string(kTrainedAlgorithmicMedia) +
              "] -> active urn:uuid:active by Photo editor/2.0: c2pa.edited");
}

TEST_CASE("C2PA: a generated component pasted into a photo does not make the photo AI-made", "[metadata][c2pa]") {
    // A camera photo with a generated sticker added: the sticker's manifest
    // is a componentOf ingredient, not this image's history.
    const Bytes store = jumbf_superbox(
        "c2pa", {manifest("urn:uuid:sticker", "Adobe Firefly",
                          {{{"action", "c2pa.created"}, {"digitalSourceType", kTrainedAlgorithmicMedia}}}),
                 manifest("urn:uuid:photo", "Photo editor/2.0", {{{"action", "c2pa.placed"}}}, "urn:uuid:sticker",
                          "componentOf")});
    const C2paStore c = read_c2pa(store, nullptr, 0);
    REQUIRE(c.parents.size() == 1);
    CHECK(c.parents[0].role == "ingredient (componentOf)");
    const AnalyzerResult r = run_metadata(png_with_store(store));
    CHECK_FALSE(std::get<bool>(r.evidence.at("declared")));
    CHECK(std::get<std::string>(r.evidence.at("c2pa_chain")).rfind("ingredient (componentOf) urn:uuid:sticker", 0) == 0);
    // A manifest the active one does not reference declares nothing either.
    const Bytes unreferenced = jumbf_superbox(
        "c2pa", {manifest("urn:uuid:other", "Adobe Firefly",
                          {{{"action", "c2pa.created"}, {"digitalSourceType", kTrainedAlgorithmicMedia}}}),
                 manifest("urn:uuid:photo", "Photo editor/2.0", {{{"action", "c2pa.edited"}}})});
    CHECK(read_c2pa(unreferenced, nullptr, 0).parents[0].role == "not referenced by the active manifest");
    CHECK_FALSE(std::get<bool>(run_metadata(png_with_store(unreferenced)).evidence.at("declared")));
}

TEST_CASE("C2PA: a store of many manifests reads the active one and a bounded number of parents", "[metadata][c2pa]") {
    std::vector<Bytes> manifests;
    for (int i = 0; i < 40; ++i)
        manifests.push_back(manifest("urn:uuid:m" + std::to_string(i), "tool", {{{"action", "c2pa.edited"}}}));
    const C2paStore c = read_c2pa(jumbf_superbox("c2pa", manifests), nullptr, 0);
    CHECK(c.manifests == 40);
    CHECK(c.parents.size() == C2paStore::kMaxParents);
    CHECK(c.parents.front().label == "urn:uuid:m7");
    REQUIRE(c.active);
    CHECK(c.active->label == "urn:uuid:m39");
    CHECK(std::any_of(c.problems.begin(), c.problems.end(),
                      [](const std::string& p) { return p.find("only the active one and 32 parents") != std::string::npos; }));
}
