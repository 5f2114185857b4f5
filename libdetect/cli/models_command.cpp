// `libdetect models`: the models a scan would load, from where, whether each
// file matches the manifest, and its known error rates.
#include "cli_support.hpp"
#include "commands.hpp"

#include <libdetect/libdetect.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace libdetect::cli {
namespace {

std::string figure(const ModelStatus& m, const char* key) {
    const auto it = m.error_rates.find(key);
    if (it == m.error_rates.end()) return "-";
    char text[16];
    std::snprintf(text, sizeof text, "%.3f", it->second);
    return text;
}

std::string as_text(const ModelCatalog& catalog) {
    std::string text = "models in " + catalog.directory + "\n";
    for (const auto& m : catalog.models) {
        text += m.name + "  " + (m.matches ? "OK" : m.actual_sha256.empty() ? "MISSING" : "MISMATCH") + "  " +
                m.path + (m.embedded ? " (compiled into the library; this copy is for reference)" : "") + "\n";
        text += "  sha256 " + (m.actual_sha256.empty() ? std::string("(unreadable)") : m.actual_sha256) +
                (m.matches ? "" : ", manifest says " + m.expected_sha256) + "\n";
        text += "  held-out AUC " + figure(m, "auc") + ", leave-source-out AUC " + figure(m, "leave_source_out_auc") +
                ", threshold " + figure(m, "threshold") + (m.card.empty() ? "" : "; card: " + m.card) + "\n";
    }
    return text;
}

std::string as_json(const ModelCatalog& catalog) {
    nlohmann::json models = nlohmann::json::array();
    for (const auto& m : catalog.models)
        models.push_back({{"name", m.name},         {"file", m.file},
                          {"path", m.path},         {"expected_sha256", m.expected_sha256},
                          {"actual_sha256", m.actual_sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.actual_sha256)},
                          {"matches", m.matches},   {"embedded", m.embedded},
                          {"card", m.card},         {"evaluated_on", m.evaluated_on},
                          {"error_rates", m.error_rates}});
    return nlohmann::json{{"directory", catalog.directory}, {"models", models}}.dump(2) + "\n";
}

}  // namespace

void add_models_command(CLI::App& app, ModelsSettings& s) {
    CLI::App* models = app.add_subcommand(
        "models", "List the models a scan would load, from where, whether each matches its manifest, and their error rates");
    models->add_option("--model-dir", s.model_dir,
                       "Folder with the models and their manifest.json (default: $LIBDETECT_MODEL_DIR, else beside "
                       "the library)");
    add_output_options(*models, s.format, {"text", "json"}, s.out);
}

int run_models(const ModelsSettings& s) {
    try {
        const ModelCatalog catalog = list_models(s.model_dir);
        write_output(s.out, s.format == "json" ? as_json(catalog) : as_text(catalog));
        for (const auto& m : catalog.models)
            if (!m.matches) return 1;
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "libdetect: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace libdetect::cli
