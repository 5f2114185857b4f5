#include "metadata/generators.hpp"

#include <catch2/catch.hpp>

using namespace libdetect::metadata;

namespace {

std::vector<Declaration> recognise(std::vector<Field> fields) { return recognise_declarations(fields); }

}  // namespace

TEST_CASE("generator records are named", "[metadata][generators]") {
    const std::string a1111 = "a duck\nNegative prompt: blur\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1";
    auto d = recognise({{"png:tEXt:parameters", "parameters", a1111}});
    REQUIRE(d.size() == 1);
    CHECK(d[0].generator.find("AUTOMATIC1111") == 0);
    CHECK(d[0].kind == DeclarationKind::generator_parameters);
    CHECK(d[0].declares_ai());

    CHECK(recognise({{"Exif.Photo.UserComment", "UserComment", a1111 + ", Version: f0.0.17v1.8.0"}})[0].generator ==
          "Stable Diffusion WebUI Forge");
    CHECK(recognise({{"png:tEXt:parameters", "parameters", a1111 + ", App: SD.Next"}})[0].generator == "SD.Next");
    CHECK(recognise({{"png:tEXt:prompt", "prompt", R"({"3": {"class_type": "KSampler"}})"}})[0].generator == "ComfyUI");
    CHECK(recognise({{"Exif.Image.Make", "Make", R"(Workflow: {"nodes": [], "links": []})"}})[0].generator == "ComfyUI");
    CHECK(recognise({{"png:tEXt:invokeai_metadata", "invokeai_metadata", "{}"}})[0].generator == "InvokeAI");
    CHECK(recognise({{"png:tEXt:fooocus_scheme", "fooocus_scheme", "fooocus"}})[0].generator == "Fooocus");
    CHECK(recognise({{"png:tEXt:smproj", "smproj", "{}"}})[0].generator == "Stability Matrix");
    CHECK(recognise({{"png:tEXt:generation_data", "generation_data", "{}"}})[0].generator == "TensorArt");
    CHECK(recognise({{"Xmp.photoshop.Credit", "Credit", "Made with Google AI"}})[0].generator == "Google AI");
    CHECK(recognise({{"Exif.Image.Software", "Software", "NovelAI Diffusion V4.5"}})[0].generator == "NovelAI");
}

TEST_CASE("IPTC DigitalSourceType: AI, capture and other terms", "[metadata][generators]") {
    const std::string base = "http://cv.iptc.org/newscodes/digitalsourcetype/";
    auto ai = recognise({{"Xmp.iptcExt.DigitalSourceType", "DigitalSourceType", base + "trainedAlgorithmicMedia"}});
    REQUIRE(ai.size() == 1);
    CHECK(ai[0].kind == DeclarationKind::ai_source_type);
    auto composite =
        recognise({{"Xmp.iptcExt.DigitalSourceType", "DigitalSourceType", base + "compositeWithTrainedAlgorithmicMedia"}});
    CHECK(composite[0].declares_ai());
    auto capture = recognise({{"Xmp.iptcExt.DigitalSourceType", "DigitalSourceType", base + "digitalCapture"}});
    CHECK(capture[0].kind == DeclarationKind::capture_source_type);
    CHECK_FALSE(capture[0].declares_ai());
    // c2pa-rs's test value: not a generative-AI declaration.
    auto algorithmic = recognise({{"Xmp.iptcExt.DigitalSourceType", "DigitalSourceType", base + "algorithmicMedia"}});
    CHECK(algorithmic[0].kind == DeclarationKind::other_source_type);
    CHECK_FALSE(algorithmic[0].declares_ai());
}

TEST_CASE("ordinary metadata and free text declare nothing", "[metadata][generators]") {
    CHECK(recognise({{"Exif.Image.Software", "Software", "Adobe Photoshop 24.1"},
                     {"Exif.Image.Make", "Make", "Canon"},
                     {"png:tEXt:Description", "Description", "a painting in the style of Midjourney"},
                     {"png:tEXt:parameters", "parameters", "exposure +1, contrast 3"},
                     {"png:tEXt:prompt", "prompt", "not a graph"}})
              .empty());
}
