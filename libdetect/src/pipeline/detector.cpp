#include <libdetect/detector.hpp>
#include <libdetect/error.hpp>
#include <libdetect/version.hpp>

#include "analysis/analyzer.hpp"
#include "fusion/verdict.hpp"

#include <opencv2/core.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <system_error>
#include <thread>

namespace libdetect {
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
            analyzers.push_back(entry.make());
            selected.emplace_back(entry.name);
        }
        options.analyzers = std::move(selected);
    }

    AnalyzerResult run(const analysis::Analyzer& analyzer,
                       const analysis::AnalysisContext& context) const {
        const auto start = Clock::now();
        AnalyzerResult result;
        try {
            result = analyzer.analyze(context);
        } catch (const Error&) {
            throw;
        } catch (const cv::Exception& e) {
            throw Error(std::string("analyzer '") + analyzer.name() + "' failed: " + e.what());
        }
        result.name = analyzer.name();
        result.version = analyzer.version();
        result.elapsed_ms = milliseconds_since(start);
        return result;
    }
};

Detector::Detector(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Detector::~Detector() = default;
Detector::Detector(Detector&&) noexcept = default;
Detector& Detector::operator=(Detector&&) noexcept = default;

const Options& Detector::options() const noexcept { return impl_->options; }

Report Detector::analyze(const Image& image) const {
    const auto start = Clock::now();
    const Image::Impl& pixels = image.impl();
    Report report;
    report.file = pixels.name;
    report.sha256 = pixels.sha256;
    report.bytes = pixels.byte_size;
    report.format = pixels.facts.format;
    report.width = pixels.bgr.cols;
    report.height = pixels.bgr.rows;
    report.exif_orientation = pixels.facts.exif_orientation;
    report.tool_version = version_string();
    report.git_revision = git_revision();
    report.options = impl_->options;
    report.created_utc = utc_now_iso8601();

    const analysis::AnalysisContext context{pixels, impl_->options.heatmaps};
    for (const auto& analyzer : impl_->analyzers)
        report.analyzers.push_back(impl_->run(*analyzer, context));
    report.verdict = fusion::fuse(report.analyzers);
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
    std::atomic<std::size_t> next{0};
    std::size_t done = 0;
    std::mutex progress_mutex;

    auto worker = [&] {
        for (std::size_t i = next++; i < paths.size(); i = next++) {
            ScanOutcome& outcome = outcomes[i];
            try {
                outcome.file = paths[i];
                outcome.report = analyze_file(paths[i]);
            } catch (const Error& e) {
                outcome.error_type = e.type();
                outcome.error_message = e.what();
            } catch (const std::bad_alloc&) {
                outcome.error_type = "limit_error";
                outcome.error_message = "out of memory while analyzing this input";
            } catch (const std::exception& e) {
                outcome.error_type = "error";
                outcome.error_message = e.what();
            }
            if (progress) {
                std::lock_guard<std::mutex> lock(progress_mutex);
                ++done;
                try {
                    progress(done, paths.size());
                } catch (...) {
                    // A failing progress display must not abort the analysis
                    // (nor terminate a worker thread).
                }
            }
        }
    };

    std::size_t threads = impl_->options.threads > 0
                              ? static_cast<std::size_t>(impl_->options.threads)
                              : std::max(1u, std::thread::hardware_concurrency());
    threads = std::min(threads, std::max<std::size_t>(1, paths.size()));
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (std::size_t t = 1; t < threads; ++t) {
        try {
            pool.emplace_back(worker);
        } catch (const std::system_error&) {
            break;  // the system refused another thread: the ones running share the work
        }
    }
    worker();
    for (auto& thread : pool) thread.join();
    return outcomes;
}

}  // namespace libdetect
