#include "metadata/generators.hpp"

#include <algorithm>
#include <cctype>

namespace libdetect::metadata {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool contains(const std::string& haystack, const char* needle) { return haystack.find(needle) != std::string::npos; }
bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// AUTOMATIC1111's "parameters" text: prompt, "Negative prompt: ...", then a
// line "Steps: N, Sampler: ..., CFG scale: ..., Seed: ...".
bool looks_like_a1111(const std::string& text) {
    return contains(text, "Steps: ") && (contains(text, "Sampler: ") || contains(text, "CFG scale: ") || contains(text, "Seed: "));
}

std::string a1111_family(const std::string& text) {
    // Civitai's on-site generator writes A1111-style text with its own lines.
    if (contains(text, "Civitai resources: ") || contains(text, "Civitai metadata: ")) return "Civitai";
    if (contains(text, "App: SD.Next")) return "SD.Next";
    const auto version = text.find("Version: f");
    if (version != std::string::npos && version + 10 < text.size() && std::isdigit(static_cast<unsigned char>(text[version + 10])))
        return "Stable Diffusion WebUI Forge";
    return "AUTOMATIC1111 Stable Diffusion web UI (or a compatible UI)";
}

bool looks_like_comfy_graph(const std::string& text) {
    return contains(text, "\"class_type\"") || (contains(text, "\"nodes\"") && contains(text, "\"links\""));
}

// SwarmUI's record: JSON with "sui_image_params" (PNG "parameters" chunk,
// EXIF UserComment in JPEG and WebP).
bool looks_like_swarmui(const std::string& text) { return contains(text, "\"sui_image_params\""); }

// Gradio front-ends (Hugging Face Spaces and others) writing their inputs as
// JSON into a "parameters" chunk: a prompt with at least one sampling input.
bool looks_like_gradio_json(const std::string& text) {
    if (!starts_with(text, "{") || !contains(text, "\"prompt\"")) return false;
    static const char* const inputs[] = {"\"seed\"", "\"negative_prompt\"", "\"guidance_scale\"",
                                         "\"num_inference_steps\"", "\"steps\"", "\"sampler\""};
    return std::any_of(std::begin(inputs), std::end(inputs), [&](const char* key) { return contains(text, key); });
}

// Software, credit and comment strings naming a generator service.
struct Credit {
    const char* needle;  // lower case
    const char* generator;
};
const Credit kCredits[] = {
    {"midjourney", "Midjourney"},
    {"dall-e", "DALL-E (OpenAI)"},
    {"dall\xC2\xB7" "e", "DALL-E (OpenAI)"},
    {"chatgpt", "OpenAI (ChatGPT image generation)"},
    {"gpt-4o", "OpenAI (GPT-4o image generation)"},
    {"openai", "OpenAI"},
    {"adobe firefly", "Adobe Firefly"},
    {"adobe_firefly", "Adobe Firefly"},
    {"made with google ai", "Google AI"},
    {"imagen", "Google Imagen"},
    {"novelai", "NovelAI"},
    {"stable diffusion", "Stable Diffusion"},
    {"leonardo.ai", "Leonardo.Ai"},
    {"ideogram", "Ideogram"},
    {"bing image creator", "Microsoft Bing Image Creator"},
    {"comfyui", "ComfyUI"},
    {"invokeai", "InvokeAI"},
    {"fooocus", "Fooocus"},
};

// Fields that name the software, service or author that made the image.
// Free text (descriptions, comments, titles) is left out: a prompt or a
// caption may mention a generator without being made by it.
bool credit_field(const Field& f) {
    static const char* const keys[] = {"Software", "CreatorTool", "Credit", "Program", "Artist", "Source", "Author"};
    return std::any_of(std::begin(keys), std::end(keys), [&](const char* k) { return f.key == k; });
}

void add(std::vector<Declaration>& out, std::string generator, DeclarationKind kind, const std::string& field) {
    for (const auto& d : out)
        if (d.generator == generator && d.field == field) return;
    out.push_back({std::move(generator), kind, field});
}

void source_type(const Field& f, std::vector<Declaration>& out) {
    // Values are URIs ending in the term, e.g.
    // http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia
    std::string term = f.text;
    const auto slash = term.find_last_of('/');
    if (slash != std::string::npos) term = term.substr(slash + 1);
    while (!term.empty() && !std::isalnum(static_cast<unsigned char>(term.back()))) term.pop_back();
    if (term.empty()) return;
    DeclarationKind kind = DeclarationKind::other_source_type;
    if (term == "trainedAlgorithmicMedia" || term == "compositeWithTrainedAlgorithmicMedia")
        kind = DeclarationKind::ai_source_type;
    else if (term == "digitalCapture" || term == "computationalCapture" || term == "negativeFilm" ||
             term == "positiveFilm" || term == "print" || term == "minorHumanEdits")
        kind = DeclarationKind::capture_source_type;
    add(out, term, kind, f.name);
}

}  // namespace

std::vector<Declaration> recognise_declarations(const std::vector<Field>& fields) {
    std::vector<Declaration> out;
    const auto has_key = [&](const char* key) {
        return std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.key == key; });
    };
    // SwarmUI runs ComfyUI underneath and also writes its graph: the file is
    // SwarmUI's, and says so, rather than a compatible front-end's.
    const bool swarmui = std::any_of(fields.begin(), fields.end(), [](const Field& f) {
        return (f.key == "parameters" || f.key == "UserComment") && looks_like_swarmui(f.text);
    });
    const std::string comfy_front_end = swarmui ? "SwarmUI" : "ComfyUI";
    for (const Field& f : fields) {
        const std::string& k = f.key;
        const std::string& t = f.text;
        const bool parameter_field = k == "parameters" || k == "UserComment";
        if (parameter_field && looks_like_swarmui(t))
            add(out, "SwarmUI", DeclarationKind::generator_parameters, f.name);
        else if (parameter_field && looks_like_a1111(t))
            add(out, a1111_family(t), DeclarationKind::generator_parameters, f.name);
        else if (k == "parameters" && starts_with(t, "{") && (has_key("fooocus_scheme") || contains(lower(t), "fooocus")))
            add(out, "Fooocus", DeclarationKind::generator_parameters, f.name);
        else if (k == "parameters" && looks_like_gradio_json(t))
            add(out, "a Gradio app (JSON generation parameters)", DeclarationKind::generator_parameters, f.name);
        if ((k == "prompt" || k == "workflow") && looks_like_comfy_graph(t))
            add(out, comfy_front_end, DeclarationKind::generator_parameters, f.name);
        // ComfyUI savers write the graph into EXIF text tags, "Prompt:" or,
        // in animated WebP, "prompt:" / "workflow:".
        const std::string head = lower(t.substr(0, 9));
        if ((k == "Make" || k == "Model" || k == "ImageDescription") &&
            (starts_with(head, "prompt:") || starts_with(head, "workflow:")) && looks_like_comfy_graph(t))
            add(out, comfy_front_end, DeclarationKind::generator_parameters, f.name);
        if (k == "invokeai_metadata" || k == "invokeai_graph" || k == "sd-metadata" || k == "Dream")
            add(out, "InvokeAI", DeclarationKind::generator_parameters, f.name);
        if (k == "fooocus_scheme") add(out, "Fooocus", DeclarationKind::generator_parameters, f.name);
        if (k == "parameters-json" || k == "smproj")
            add(out, "Stability Matrix", DeclarationKind::generator_parameters, f.name);
        if (k == "generation_data") add(out, "TensorArt", DeclarationKind::generator_parameters, f.name);
        if (k == "DigitalSourceType") source_type(f, out);
        if (credit_field(f)) {
            const std::string l = lower(t.substr(0, 4096));
            for (const Credit& c : kCredits)
                if (contains(l, c.needle)) {
                    add(out, c.generator, DeclarationKind::generator_credit, f.name);
                    break;
                }
        }
    }
    return out;
}

const char* kind_name(DeclarationKind kind) {
    switch (kind) {
    case DeclarationKind::generator_parameters: return "generator_parameters";
    case DeclarationKind::generator_credit: return "generator_credit";
    case DeclarationKind::ai_source_type: return "ai_source_type";
    case DeclarationKind::capture_source_type: return "capture_source_type";
    case DeclarationKind::other_source_type: return "other_source_type";
    }
    return "unknown";
}

}  // namespace libdetect::metadata
