#include "metadata/metadata_analyzer.hpp"

#include "metadata/c2pa.hpp"
#include "metadata/camera_record.hpp"
#include "metadata/container.hpp"
#include "metadata/exiv2_reader.hpp"
#include "metadata/generators.hpp"
#include "metadata/stealth_pnginfo.hpp"
#include "metadata/thumbnail.hpp"
#include "metadata/xmp_scan.hpp"

#include "io/png_pixels.hpp"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>

namespace libdetect::metadata {
namespace {

constexpr std::size_t kEvidenceTextBytes = 2000;  // raw text kept per field in the report
constexpr double kDeclaredAiScore = 0.99;
constexpr double kCameraRecordScore = 0.3;

std::string capped(const std::string& text) {
    if (text.size() <= kEvidenceTextBytes) return text;
    // Cut on a character boundary, then say how much was left out.
    std::size_t cut = kEvidenceTextBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + " [... " + std::to_string(text.size() - cut) + " more bytes]";
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

// The bare tag of an exiv2 key: "Exif.Photo.UserComment" -> "UserComment".
std::string tag_of(const std::string& key) { return key.substr(key.find_last_of('.') + 1); }

// A C2PA manifest's declarations as fields. The claim generator names the
// signing application (a credit); an action's digitalSourceType is the
// standard declaration, Adobe's parameters.com.adobe.digitalSourceType a
// vendor one. `prefix`: "c2pa:" for the active manifest, "c2pa:parent[<label>]:"
// for one before it: a generator's declaration there holds after edits.
void add_manifest_fields(const C2paManifestSummary& m, const std::string& prefix, std::vector<Field>& fields) {
    if (!m.claim_generator.empty()) fields.push_back({prefix + "claim_generator", "Software", m.claim_generator});
    for (const auto& a : m.actions) {
        if (!a.digital_source_type.empty())
            fields.push_back({prefix + a.action + ":digitalSourceType", "DigitalSourceType", a.digital_source_type});
        if (!a.vendor_source_type.empty())
            fields.push_back({prefix + a.action + ":parameters.com.adobe.digitalSourceType", "DigitalSourceType",
                              a.vendor_source_type});
    }
}

// One manifest in a line: label, claim generator, actions with their source types.
std::string manifest_line(const C2paManifestSummary& m, bool active) {
    std::string line = (active ? std::string("active") : m.role) + " " + m.label;
    if (!m.claim_generator.empty()) line += " by " + m.claim_generator;
    std::string actions;
    for (const auto& a : m.actions)
        actions += (actions.empty() ? "" : ", ") + a.action +
                   (a.digital_source_type.empty() ? "" : " [" + a.digital_source_type + "]");
    return line + (actions.empty() ? "" : ": " + actions);
}

std::vector<Field> fields_of(const ContainerMetadata& container, const EmbeddedRecord& embedded, const C2paStore& c2pa) {
    std::vector<Field> fields;
    if (c2pa.active) add_manifest_fields(*c2pa.active, "c2pa:", fields);
    for (const auto& parent : c2pa.parents)
        if (parent.role == "parent") add_manifest_fields(parent, "c2pa:parent[" + parent.label + "]:", fields);
    for (const auto& t : container.texts) fields.push_back({t.location + ":" + t.key, t.key, t.text});
    for (const auto& [key, value] : embedded.fields) fields.push_back({key, tag_of(key), value});
    // exiv2 may fail on odd XMP; the packet's DigitalSourceType is then found
    // by its attribute or element form in the raw text.
    const bool have_source_type = embedded.fields.count("Xmp.iptcExt.DigitalSourceType") > 0;
    if (!have_source_type && !container.xmp.empty()) {
        if (auto source_type = xmp_digital_source_type(container.xmp))
            fields.push_back({"xmp:DigitalSourceType", "DigitalSourceType", std::move(*source_type)});
    }
    return fields;
}

// Parameters hidden in the low bits of an 8-bit PNG (stealth_pnginfo.hpp).
// The alpha channel is not among the decoded pixels, so a PNG with one is
// decoded again with it; the pixel limits already held for the first decode.
std::optional<StealthRecord> stealth_record(const Image::Impl& image) {
    const auto& bytes = image.bytes;
    constexpr std::size_t kBitDepth = 24, kColourType = 25;  // IHDR's fields after signature, length, type, size
    if (image.facts.format != "png" || bytes.size() <= kColourType || bytes[kBitDepth] != 8) return std::nullopt;
    const bool alpha = bytes[kColourType] == 4 || bytes[kColourType] == 6;
    if (!alpha) return read_stealth_pnginfo(image.bgr);
    const std::vector<std::uint8_t> pixels_only = io::png_pixel_chunks(bytes.data(), bytes.size());
    const cv::Mat rgba = cv::imdecode(pixels_only, cv::IMREAD_UNCHANGED | cv::IMREAD_IGNORE_ORIENTATION);
    return read_stealth_pnginfo(rgba.empty() ? image.bgr : rgba);
}

}  // namespace

AnalyzerResult MetadataAnalyzer::analyze(const analysis::AnalysisContext& context) const {
    const Image::Impl& image = context.image;
    if (image.bytes.empty())
        return analysis::not_applicable("the image was given as pixels, not as a file: there is no metadata to read");

    const ContainerMetadata container = read_container_metadata(image.bytes.data(), image.bytes.size(), image.facts.format);
    const EmbeddedRecord embedded = read_embedded_metadata(image.bytes.data(), image.bytes.size());
    const C2paStore c2pa = read_c2pa(container.c2pa, image.bytes.data(), image.bytes.size());
    std::vector<Field> fields = fields_of(container, embedded, c2pa);
    const std::optional<StealthRecord> stealth = stealth_record(image);
    if (stealth && !stealth->text.empty())
        fields.push_back({"png:stealth_pnginfo:" + stealth->channel, "parameters", stealth->text});
    const std::vector<Declaration> declarations = recognise_declarations(fields);
    const CameraRecord camera = check_camera_record(embedded.fields, image.bgr.cols, image.bgr.rows);
    const auto thumbnail = compare_thumbnail(embedded.thumbnail, image.bgr);

    AnalyzerResult result;
    auto& e = result.evidence;
    for (const auto& f : fields) e["field:" + f.name] = capped(f.text);

    std::vector<std::string> ai, other;
    for (const auto& d : declarations)
        (d.declares_ai() ? ai : other).push_back(d.generator + " (" + kind_name(d.kind) + ", " + d.field + ")");
    e["declared"] = !ai.empty();
    if (!ai.empty()) e["declared_ai"] = join(ai);
    if (!other.empty()) e["declared_other"] = join(other);
    std::vector<std::string> generators;
    for (const auto& d : declarations)
        if (d.declares_ai() && d.kind != DeclarationKind::ai_source_type &&
            std::find(generators.begin(), generators.end(), d.generator) == generators.end())
            generators.push_back(d.generator);
    if (!generators.empty()) e["generator"] = join(generators);
    ::libdetect::Declaration declaration;
    declaration.ai_generated = !ai.empty();
    declaration.what = join(ai);
    declaration.generator = join(generators);
    for (const auto& d : declarations)
        if (d.declares_ai() && d.field.rfind("png:stealth_pnginfo:", 0) == 0) declaration.hidden = true;
    result.findings.declaration = std::move(declaration);

    e["camera_record"] = camera.present;
    if (!camera.inconsistencies.empty()) e["camera_record_inconsistencies"] = join(camera.inconsistencies);
    result.findings.camera_record = ::libdetect::CameraRecord{camera.present, camera.inconsistencies};
    if (!camera.edited_with.empty()) e["edited_with"] = camera.edited_with;
    e["gps_present"] = embedded.gps_present;
    if (context.gps_coordinates && embedded.latitude && embedded.longitude) {
        e["gps_latitude"] = *embedded.latitude;
        e["gps_longitude"] = *embedded.longitude;
    }
    if (!embedded.thumbnail.empty()) {
        e["thumbnail"] = std::string(!thumbnail ? "present, does not decode" : thumbnail->matches ? "matches the picture" : "differs from the picture");
        if (thumbnail) e["thumbnail_difference"] = thumbnail->difference;
    }
    e["c2pa_store_present"] = c2pa.present;
    if (c2pa.present) {
        e["c2pa_manifests"] = std::int64_t{c2pa.manifests};
        e["c2pa_verification"] = std::string(
            "the claim's signature and the signer's trust chain are not verified; the hard binding is");
    }
    if (!c2pa.parents.empty() && c2pa.active) {
        std::string chain;
        for (const auto& parent : c2pa.parents) chain += manifest_line(parent, false) + " -> ";
        e["c2pa_chain"] = chain + manifest_line(*c2pa.active, true);
    }
    if (c2pa.active) {
        const C2paManifestSummary& m = *c2pa.active;
        e["c2pa_active_manifest"] = m.label;
        if (!m.claim_generator.empty()) e["c2pa_claim_generator"] = m.claim_generator;
        std::vector<std::string> actions, ingredients = m.ingredients;
        for (const auto& a : m.actions)
            actions.push_back(a.action + (a.digital_source_type.empty() ? "" : " [" + a.digital_source_type + "]") +
                              (a.software_agent.empty() ? "" : " by " + a.software_agent));
        if (!actions.empty()) e["c2pa_actions"] = join(actions);
        if (!ingredients.empty()) e["c2pa_ingredients"] = join(ingredients);
        if (!m.signer_subject.empty()) e["c2pa_signer"] = m.signer_subject;
        if (!m.signer_issuer.empty()) e["c2pa_signer_issuer"] = m.signer_issuer;
        if (!m.signature_algorithm.empty()) e["c2pa_signature_algorithm"] = m.signature_algorithm;
        e["c2pa_hash"] = m.hash_status;
    }
    if (stealth && !stealth->text.empty())
        e["hidden_declaration"] = std::string("parameters hidden in the least significant bits of the ") +
                                  (stealth->channel == "alpha" ? "alpha channel" : "red, green and blue channels") +
                                  " (AUTOMATIC1111 stealth pnginfo" + (stealth->compressed ? ", gzip" : "") +
                                  "): invisible to metadata tools, and not removed by stripping metadata";
    std::vector<std::string> problems = container.problems;
    if (container.problems_not_listed)
        problems.push_back("and " + std::to_string(container.problems_not_listed) + " more problems in the container");
    if (stealth && !stealth->problem.empty()) problems.push_back("stealth pnginfo: " + stealth->problem);
    problems.insert(problems.end(), c2pa.problems.begin(), c2pa.problems.end());
    problems.insert(problems.end(), embedded.problems.begin(), embedded.problems.end());
    if (!problems.empty()) e["malformed"] = join(problems);

    const bool capture_declared = std::any_of(declarations.begin(), declarations.end(), [](const Declaration& d) {
        return d.kind == DeclarationKind::capture_source_type;
    });
    const bool thumbnail_differs = thumbnail && !thumbnail->matches;
    if (!ai.empty()) {
        result.score = kDeclaredAiScore;
    } else if ((camera.present && camera.inconsistencies.empty() && !thumbnail_differs) || capture_declared) {
        result.score = kCameraRecordScore;
    } else {
        e["no_score_reason"] = std::string(
            fields.empty() && container.c2pa.empty() ? "the file carries no metadata; that proves nothing, since platforms and messengers strip it"
                           : "the metadata neither declares AI generation nor holds a consistent camera record");
    }
    e["interpretation"] = std::string(
        "Declared provenance is strong evidence of what the maker said, not proof: metadata can be added, "
        "removed or forged with common tools. declared = true means a generator's own record, an AI "
        "generator named as software or credit, or an IPTC DigitalSourceType of trained algorithmic media "
        "(score 0.99). A camera record (make/model and capture time) that holds together gives a mild "
        "push toward authentic (score 0.3). A thumbnail that differs from the picture means it was "
        "changed (cropped, edited) after the camera wrote the thumbnail. Fields are quoted as read, "
        "capped at 2000 bytes each. C2PA: the active manifest's claim generator, actions, ingredients "
        "and signer are read; c2pa_hash says whether the file's bytes still match the manifest's hard "
        "binding (mismatch: the file changed after signing). The COSE signature and the signer's trust "
        "chain are not verified, so a manifest proves nothing about who made it.");
    return result;
}

}  // namespace libdetect::metadata
