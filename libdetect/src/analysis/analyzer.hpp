// The one interface every analyzer implements. An analyzer reads the shared,
// immutable analysis context and returns its result; it keeps no mutable
// state, so one instance serves many threads at once.
#pragma once

#include "io/image_impl.hpp"

#include <libdetect/options.hpp>
#include <libdetect/report.hpp>

#include <map>
#include <memory>
#include <optional>
#include <type_traits>
#include <string>
#include <vector>

namespace libdetect::analysis {

struct AnalysisContext {
    const Image::Impl& image;
    bool heatmaps = true;
    bool gps_coordinates = false;  // Options::gps_coordinates
};

class Analyzer {
public:
    virtual ~Analyzer() = default;
    virtual const char* name() const noexcept = 0;
    virtual const char* version() const noexcept = 0;
    // Fills applicable/reason/score/evidence/heatmap; the Detector sets the
    // name, version and timing.
    virtual AnalyzerResult analyze(const AnalysisContext& context) const = 0;
    // The models it uses (for the report's reproducibility block).
    virtual std::vector<ModelInfo> models() const { return {}; }
};

AnalyzerResult not_applicable(std::string reason);

// Whether every pixel has the same value in every channel: such an image
// carries no trace to measure, and an analyzer says so instead of scoring it.
bool is_uniform(const cv::Mat& image);

// A heatmap holding a CV_32F map's values (expected in [0, 1]).
Heatmap heatmap_from(const cv::Mat& values);

// The block analyzers' common score. Isolated marked blocks are usually
// texture, so a 2x2 opening keeps only groups; the share of marked blocks
// (over `blocks`, the blocks that could be marked) maps to 1 - exp(-share /
// 0.10): 10 % of the picture gives 0.63. Not calibrated.
struct MarkedArea {
    double share = 0.0;
    double score = 0.0;
};
MarkedArea marked_area(cv::Mat marked, double blocks);

// What an AI-generation detector's model records about itself.
struct AiModelRecord {
    std::string name;
    std::string sha256;
    double threshold = 0.5;
    std::optional<double> held_out_auc;         // in-distribution
    std::map<std::string, double> error_rates;  // read: leave_source_out_auc, leave_source_out_auc_min
};

// Sets the result's score and AI-generation finding from a calibrated
// probability, and writes the same figures as evidence for people (model,
// model_sha256, threshold, above_threshold, model_held_out_auc,
// model_leave_source_out_auc, model_leave_source_out_auc_min): every AI
// detector reports them alike.
void set_ai_generation(AnalyzerResult& result, double probability, const AiModelRecord& model);

struct Registration {
    const char* name;
    // Called once per Detector; may throw (ModelError when a model is missing).
    std::unique_ptr<Analyzer> (*make)(const Options&);
};

// The registry line of analyzer A: its name, and a factory that passes the
// options to A's constructor when it takes them.
template <typename A>
Registration registration() {
    return {A::kName, [](const Options& options) -> std::unique_ptr<Analyzer> {
                if constexpr (std::is_constructible_v<A, const Options&>) return std::make_unique<A>(options);
                else return std::make_unique<A>();
            }};
}

// Every analyzer of this build, in pipeline order.
const std::vector<Registration>& registry();

}  // namespace libdetect::analysis
