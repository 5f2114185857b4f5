// libFuzzer harness: what the CLI's scanning process (not sandboxed) reads
// from a worker process, which may have been taken over by hostile evidence:
// frames (worker_protocol.hpp: length, CBOR of bounded depth), the JobResult
// they decode to, and the vetting before the scanner acts on one
// (scan_job.hpp's vet_worker_result). std::exception is the supervisor's
// "malformed reply" (the file gets a `crashed` record); anything else is a
// finding.
#include "scan_job.hpp"
#include "worker_protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace libdetect::cli;
    FrameBuffer buffer;
    buffer.append(data, size);
    try {
        while (const auto frame = buffer.next()) {
            JobResult result = frame->get<JobResult>();
            WorkerConfig config;
            config.heatmaps = true;
            config.indent = -1;
            vet_worker_result(ScanJob{0, "case/a.jpg", "maps/a", ""}, config, result);
            // What passed the vetting is the scanner's to write: one line, its heatmaps under maps/.
            if (result.record.find('\n') != std::string::npos) __builtin_trap();
            for (const auto& heatmap : result.heatmaps)
                if (heatmap.path.rfind("maps/a.", 0) != 0) __builtin_trap();
        }
    } catch (const std::exception&) {
    }
    return 0;
}
