// The record a logistic AI-generation model (frequency, coding_cost) gives
// analysis::set_ai_generation.
#pragma once

#include "analysis/analyzer.hpp"
#include "fusion/logistic_model.hpp"

#include <cmath>

namespace libdetect::forensics {

inline analysis::AiModelRecord ai_model_record(const fusion::LogisticModel& model) {
    analysis::AiModelRecord record{model.name(), model.sha256(), model.threshold(), std::nullopt, model.error_rates()};
    if (std::isfinite(model.held_out_auc())) record.held_out_auc = model.held_out_auc();
    return record;
}

// The report's record of such a model, read from models/<file>.
inline ModelInfo model_info(const fusion::LogisticModel& model, const char* file, const char* used_by) {
    return ModelInfo{model.name(), file, model.sha256(), used_by, model.evaluated_on(), model.error_rates()};
}

}  // namespace libdetect::forensics
