// Runs one job per index on a few worker threads, in any order, calling
// progress(done, total) serialised after each. Jobs must not throw.
#pragma once

#include <libdetect/options.hpp>

#include <cstddef>
#include <functional>

namespace libdetect::pipeline {

// threads == 0: one per hardware thread. If the system refuses to start a
// thread, the ones already running share the work.
void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t)>& job,
                  const ProgressCallback& progress);

}  // namespace libdetect::pipeline
