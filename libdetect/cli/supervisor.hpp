// Runs a scan's jobs either in supervised worker processes (the default) or
// on threads of this process (--in-process).
//
// Evidence files can be made by the people under investigation, and a file
// that crashes a decoder or a parser must not take the batch with it: each
// worker is a fresh `libdetect scan-worker` process (exec'd, so no thread
// pool of this process is inherited) that analyzes one file at a time. A
// worker that dies by a signal, runs past the per-file time limit or its
// address-space limit (RLIMIT_AS) is replaced, and its file gets an error
// record ("crashed", "timeout", or the limit_error of an allocation that
// failed); the batch goes on.
#pragma once

#include "scan_job.hpp"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

namespace libdetect::cli {

struct SupervisorLimits {
    int workers = 1;
    double file_timeout_s = 0;      // per file; 0: none
    std::uint64_t memory_bytes = 0;  // address space of each worker; 0: none
    bool worker_per_file = false;    // replace each worker after every file
};

// A worker could not start: the options themselves are unusable (a missing
// model, a bad landmark file...). The batch cannot run at all.
class WorkerStartError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using ResultSink = std::function<void(JobResult&&)>;

// Calls `sink` on the calling thread as each job finishes, in any order.
// Throws WorkerStartError when a worker cannot start.
void run_supervised(const WorkerConfig& config, const SupervisorLimits& limits, const std::vector<ScanJob>& jobs,
                    const ResultSink& sink);

// The same jobs on `threads` threads of this process, one Detector shared;
// `sink` is called under a lock. A crash here ends the whole batch.
void run_in_process(const WorkerConfig& config, int threads, const std::vector<ScanJob>& jobs,
                    const ResultSink& sink);

}  // namespace libdetect::cli
