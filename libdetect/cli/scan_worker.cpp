// `libdetect scan-worker`: the process the scan command starts to analyze
// untrusted files (see supervisor.hpp). It is not meant to be run by hand.
#include "commands.hpp"
#include "sandbox/sandbox.hpp"
#include "scan_job.hpp"
#include "worker_protocol.hpp"

#include <libdetect/error.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace libdetect::cli {
namespace {

// Fault injection for the supervision tests: LIBDETECT_FAULT_INJECTION=
// "crash=NAME;hang=NAME;oom=NAME" makes this worker die by SIGSEGV, stop
// answering, or exhaust its address space when it is given a file whose
// name is NAME; "socket=NAME", "exec=NAME", "write=NAME" make it try a call
// the sandbox forbids (and "forge_heatmap=NAME", "forge_record=NAME", below). Real crashing files cannot be kept as fixtures once the bug
// they trigger is fixed, but the supervisor must still be shown to work.
// "poison=NAME": the worker analyzes NAME normally, then crashes on every
// later file (a worker that one file took over, harming the next files).
bool poisoned = false;

void inject_fault(const std::string& path) {
    const char* spec = std::getenv("LIBDETECT_FAULT_INJECTION");
    if (!spec) return;
    if (poisoned) std::raise(SIGSEGV);
    const std::string name = std::filesystem::path(path).filename().string();
    std::stringstream entries(spec);
    for (std::string entry; std::getline(entries, entry, ';');) {
        const auto equals = entry.find('=');
        if (equals == std::string::npos || entry.substr(equals + 1) != name) continue;
        const std::string fault = entry.substr(0, equals);
        if (fault == "crash") std::raise(SIGSEGV);
        if (fault == "poison") poisoned = true;
        if (fault == "hang")
            while (true) ::pause();
        // Forbidden calls (sandbox/sandbox.hpp): the worker must be killed by SIGSYS.
        if (fault == "socket") ::socket(AF_INET, SOCK_STREAM, 0);
        if (fault == "exec") ::execl("/bin/true", "true", static_cast<char*>(nullptr));
        if (fault == "write") ::open((path + ".planted").c_str(), O_WRONLY | O_CREAT, 0644);
        if (fault == "oom") {  // address space only: the pages are never touched
            std::vector<std::unique_ptr<char[]>> hoard;
            while (true) hoard.emplace_back(new char[std::size_t(256) << 20]);
        }
    }
}

// "forge_heatmap=NAME" and "forge_record=NAME" stand for a worker taken over
// through a parser bug: its reply for NAME names a heatmap file outside the
// heatmap folder, or smuggles a second record line; the scanning process must
// refuse both.
void forge_reply(const std::string& path, JobResult& result) {
    const char* spec = std::getenv("LIBDETECT_FAULT_INJECTION");
    if (!spec) return;
    const std::string name = std::filesystem::path(path).filename().string();
    if (std::string(spec).find("forge_heatmap=" + name) != std::string::npos)
        result.heatmaps.push_back({path + ".planted.png", {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}});
    if (std::string(spec).find("forge_record=" + name) != std::string::npos)
        result.record += "\n{\"file\": \"someone-else.jpg\"}";
}

}  // namespace

int run_scan_worker() {
    // Frames go out on a private copy of stdout; whatever a decoder or a
    // library prints lands on stderr instead of corrupting them.
    const int out = ::dup(STDOUT_FILENO);
    if (out < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) return 2;
    const auto first = read_frame(STDIN_FILENO);
    if (!first) return 2;
    WorkerConfig config;
    std::optional<Detector> detector;
    try {
        config = first->get<WorkerConfig>();
        detector.emplace(config.options(1));
    } catch (const Error& e) {
        write_frame(out, {{"fatal_message", e.what()}});
        return 2;
    } catch (const std::exception& e) {
        write_frame(out, {{"fatal_message", e.what()}});
        return 2;
    }
    // Models are loaded: from here on no file is written, no program started
    // and no socket opened (sandbox/sandbox.hpp).
    const std::string unconfined = sandbox::enter_worker_sandbox();
    nlohmann::json ready{{"ready", true}};
    if (!unconfined.empty()) ready["unconfined"] = unconfined;
    if (!write_frame(out, ready)) return 2;
    while (const auto frame = read_frame(STDIN_FILENO)) {
        const ScanJob job = frame->get<ScanJob>();
        JobResult result;
        try {
            inject_fault(job.path);
            result = analyze_job(*detector, config, job);
            forge_reply(job.path, result);
        } catch (const std::bad_alloc&) {
            result = JobResult::failed(job, "memory_limit", "the analysis ran out of its memory limit", config.indent);
        } catch (const std::exception& e) {
            result = JobResult::failed(job, "error", e.what(), config.indent);
        }
        if (!write_frame(out, result)) return 2;
    }
    return 0;
}

}  // namespace libdetect::cli
