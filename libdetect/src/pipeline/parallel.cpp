#include "pipeline/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace libdetect::pipeline {

void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t)>& job,
                  const ProgressCallback& progress) {
    std::atomic<std::size_t> next{0};
    std::size_t done = 0;
    std::mutex progress_mutex;
    auto worker = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            job(i);
            if (!progress) continue;
            std::lock_guard<std::mutex> lock(progress_mutex);
            ++done;
            try {
                progress(done, count);
            } catch (...) {
                // A failing progress display must not abort the work (nor
                // terminate a worker thread).
            }
        }
    };
    std::size_t wanted = threads > 0 ? static_cast<std::size_t>(threads)
                                     : std::max(1u, std::thread::hardware_concurrency());
    wanted = std::min(wanted, std::max<std::size_t>(1, count));
    std::vector<std::thread> pool;
    pool.reserve(wanted);
    for (std::size_t t = 1; t < wanted; ++t) {
        try {
            pool.emplace_back(worker);
        } catch (const std::system_error&) {
            break;
        }
    }
    worker();
    for (auto& thread : pool) thread.join();
}

}  // namespace libdetect::pipeline
