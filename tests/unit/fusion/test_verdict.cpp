#include "fusion/verdict.hpp"

#include <catch2/catch.hpp>

using namespace libdetect;

TEST_CASE("without calibrated scores the verdict is inconclusive and says why", "[fusion]") {
    AnalyzerResult evidence_only;
    evidence_only.name = "ela";
    const Verdict verdict = fusion::fuse({evidence_only});
    CHECK(verdict.label == "inconclusive");
    CHECK_FALSE(verdict.score);
    CHECK_THAT(verdict.rationale, Catch::Contains("calibrated"));
    CHECK(fusion::fuse({}).label == "inconclusive");
}

TEST_CASE("uncalibrated scores alone do not produce a verdict", "[fusion]") {
    AnalyzerResult scored;
    scored.name = "some_analyzer";
    scored.score = 0.99;
    const Verdict verdict = fusion::fuse({scored});
    CHECK(verdict.label == "inconclusive");
    CHECK_THAT(verdict.rationale, Catch::Contains("no calibrated fusion model"));
}
