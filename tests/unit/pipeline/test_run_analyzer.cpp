#include "pipeline/run_analyzer.hpp"

#include "fixtures.hpp"
#include "fusion/verdict.hpp"

#include <libdetect/error.hpp>
#include <libdetect/image.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

using namespace libdetect;
namespace fx = libdetect::fixtures;

namespace {

// Analyzers that fail the ways real ones can.
template <typename Throw>
class Failing final : public analysis::Analyzer {
public:
    explicit Failing(Throw t) : throw_(t) {}
    const char* name() const noexcept override { return "failing"; }
    const char* version() const noexcept override { return "0.0.1"; }
    AnalyzerResult analyze(const analysis::AnalysisContext&) const override {
        throw_();
        return {};
    }

private:
    Throw throw_;
};

template <typename Throw>
AnalyzerResult run_failing(Throw t) {
    const Image image = Image::from_bytes(fx::encode(fx::synthetic_scene(64, 64, 1), ".png"));
    return pipeline::run_analyzer(Failing<Throw>(t), {libdetect::detail::impl_of(image), true, false});
}

}  // namespace

TEST_CASE("a failing analyzer becomes a failed result, not a failed report", "[pipeline]") {
    const AnalyzerResult model = run_failing([] { throw ModelError("weights missing"); });
    CHECK_FALSE(model.applicable);
    CHECK(model.error == "model_error");
    CHECK_THAT(model.reason, Catch::Contains("weights missing"));
    CHECK(model.name == "failing");
    CHECK(model.version == "0.0.1");
    CHECK(model.elapsed_ms >= 0.0);

    CHECK(run_failing([] { CV_Error(cv::Error::StsBadArg, "bad matrix"); }).error == "error");
    CHECK(run_failing([] { throw std::bad_alloc(); }).error == "out_of_memory");

    // The report names it, and so does the verdict.
    Report report;
    report.analyzers.push_back(model);
    const auto json = nlohmann::json::parse(to_json(report));
    CHECK(json["analyzers"][0]["error"] == "model_error");
    const Verdict verdict = fusion::fuse(report.analyzers, 512, 512);
    CHECK_THAT(verdict.rationale, Catch::Contains("Analyzers that failed, so their evidence is missing: failing"));
}
