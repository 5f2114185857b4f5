#pragma once

#include "analysis/analyzer.hpp"

namespace libdetect::pipeline {

// Runs one analyzer, timed. An analyzer that throws does not sink the whole
// report: its result says it failed, with the error's type and message, and
// the rest of the report is produced (the fusion names what is missing).
AnalyzerResult run_analyzer(const analysis::Analyzer& analyzer, const analysis::AnalysisContext& context);

}  // namespace libdetect::pipeline
