// Turns the work on one input into an outcome: its result, or the error that
// stopped it. Batch functions use it so that one bad file never stops a batch.
#pragma once

#include <libdetect/error.hpp>
#include <libdetect/report.hpp>

#include <new>
#include <optional>
#include <string>

namespace libdetect::pipeline {

// `slot` names the outcome's optional result member (e.g. &ScanOutcome::report).
template <typename Outcome, typename Result, typename Work>
Outcome outcome_of(const std::string& path, std::optional<Result> Outcome::*slot, Work&& work) {
    Outcome outcome;
    try {
        outcome.file = path;
        outcome.*slot = work(path);
    } catch (const Error& e) {
        outcome.error_type = e.type();
        outcome.error_message = e.what();
    } catch (const std::bad_alloc&) {
        outcome.error_type = "limit_error";
        outcome.error_message = "out of memory while processing this input";
    } catch (const std::exception& e) {
        outcome.error_type = "error";
        outcome.error_message = e.what();
    }
    return outcome;
}

}  // namespace libdetect::pipeline
