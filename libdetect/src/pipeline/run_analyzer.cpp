#include "pipeline/run_analyzer.hpp"

#include <libdetect/error.hpp>

#include <opencv2/core.hpp>

#include <chrono>
#include <new>

namespace libdetect::pipeline {

AnalyzerResult run_analyzer(const analysis::Analyzer& analyzer, const analysis::AnalysisContext& context) {
    const auto start = std::chrono::steady_clock::now();
    AnalyzerResult result;
    auto failed = [&](const std::string& type, const std::string& message) {
        result = AnalyzerResult{};
        result.applicable = false;
        result.error = type;
        result.reason = "the analyzer failed (" + type + "): " + message;
    };
    try {
        result = analyzer.analyze(context);
    } catch (const Error& e) {
        failed(e.type(), e.what());
    } catch (const cv::Exception& e) {
        failed("error", e.what());
    } catch (const std::bad_alloc&) {
        failed("out_of_memory", "not enough memory");
    } catch (const std::exception& e) {
        failed("error", e.what());
    }
    result.name = analyzer.name();
    result.version = analyzer.version();
    result.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace libdetect::pipeline
