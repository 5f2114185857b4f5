#include <libdetect/detector.hpp>
#include <libdetect/error.hpp>
#include <libdetect/hashes.hpp>
#include <libdetect/version.hpp>

#include "analysis/analyzer.hpp"
#include "fusion/verdict.hpp"
#include "pipeline/outcome.hpp"
#include "pipeline/parallel.hpp"
#include "metadata/metadata_analyzer.hpp"
#include "pipeline/run_analyzer.hpp"

#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>

LIBDETECT_NAMESPACE_BEGIN
namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string utc_now_iso8601() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace

class Detector::Impl {
public:
    Options options;
    std::vector<std::unique_ptr<analysis::Analyzer>> analyzers;  // pipeline order

    explicit Impl(Options opts) : options(std::move(opts)) {
        if (options.threads < 0)
            throw InvalidArgument("threads must be 0 (automatic) or positive");
        if (options.model_threads < 1)
            throw InvalidArgument("model_threads must be at least 1");
        if (options.max_faces < 1)
            throw InvalidArgument("max_faces must be at least 1");
        const auto& registry = analysis::registry();
        for (const auto& wanted : options.analyzers) {
            const bool known = std::any_of(registry.begin(), registry.end(),
                                           [&](const auto& r) { return wanted == r.name; });
            if (!known) {
                std::string names;
                for (const auto& r : registry) names += std::string(names.empty() ? "" : ", ") + r.name;
                throw InvalidArgument("unknown analyzer '" + wanted + "' (available: " + names + ")");
            }
        }
        // Pipeline order, each analyzer once, whatever order the caller gave.
        std::vector<std::string> selected;
        for (const auto& entry : registry) {
            const bool wanted = options.analyzers.empty() ||
                                std::find(options.analyzers.begin(), options.analyzers.end(),
                                          entry.name) != options.analyzers.end();
            if (!wanted) continue;
            analyzers.push_back(entry.make(options));
            selected.emplace_back(entry.name);
        }
        options.analyzers = std::move(selected);
    }
};

Detector::Detector(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Detector::~Detector() = default;
Detector::Detector(Detector&&) noexcept = default;
Detector& Detector::operator=(Detector&&) noexcept = default;

const Options& Detector::options() const noexcept { return impl_->options; }

Report Detector::analyze(const Image& image) const {
    const auto start = Clock::now();
    const Image::Impl& pixels = detail::impl_of(image);
    Report report;
    report.file = pixels.name;
    report.sha256 = pixels.sha256;
    report.bytes = pixels.byte_size;
    report.format = pixels.facts.format;
    report.width = pixels.bgr.cols;
    report.height = pixels.bgr.rows;
    report.exif_orientation = pixels.facts.exif_orientation;
    report.hashes = compute_hashes(image);
    report.tool_version = version_string();
    report.git_revision = git_revision();
    report.options = impl_->options;
    report.created_utc = utc_now_iso8601();

    report.damage = pixels.facts.damage;
    report.pixel_conversions = pixels.facts.conversions;
    const analysis::AnalysisContext context{pixels, impl_->options.heatmaps, impl_->options.gps_coordinates};
    for (const auto& analyzer : impl_->analyzers) {
        // A damaged file's pixels are partly the decoder's invention: only
        // the metadata, which does not read them, is analyzed.
        const bool reads_pixels = std::string(analyzer->name()) != metadata::MetadataAnalyzer::kName;
        if (!report.damage.empty() && reads_pixels) {
            AnalyzerResult skipped = analysis::not_applicable(
                "the file is damaged (" + report.damage +
                "): its pixels are partly made up by the decoder, which this analyzer would read as manipulation");
            skipped.name = analyzer->name();
            skipped.version = analyzer->version();
            report.analyzers.push_back(std::move(skipped));
            continue;
        }
        report.analyzers.push_back(pipeline::run_analyzer(*analyzer, context));
        for (auto& model : analyzer->models()) report.models.push_back(std::move(model));
    }
    report.verdict = fusion::fuse(report.analyzers, report.width, report.height, report.damage);
    for (auto& model : fusion::fusion_models()) report.models.push_back(std::move(model));
    report.elapsed_ms = milliseconds_since(start);
    return report;
}

Report Detector::analyze_file(const std::string& path) const {
    const auto start = Clock::now();
    Report report = analyze(Image::from_file(path, impl_->options.limits));
    report.elapsed_ms = milliseconds_since(start);  // include reading and decoding
    return report;
}

std::vector<ScanOutcome> Detector::analyze_files(const std::vector<std::string>& paths,
                                                 const Progress& progress) const {
    std::vector<ScanOutcome> outcomes(paths.size());
    pipeline::parallel_for(
        paths.size(), impl_->options.threads,
        [&](std::size_t i) {
            outcomes[i] = pipeline::outcome_of(paths[i], &ScanOutcome::report,
                                               [&](const std::string& path) { return analyze_file(path); });
        },
        progress);
    return outcomes;
}

LIBDETECT_NAMESPACE_END
