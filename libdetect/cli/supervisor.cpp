#include "supervisor.hpp"

#include "worker_protocol.hpp"

#include <libdetect/detector.hpp>
#include <libdetect/error.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

namespace libdetect::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Loading the models (dlib's landmarks, two networks) takes seconds; a
// worker that is not ready after this long is treated as broken.
constexpr int kStartupTimeoutMs = 300'000;

struct Worker {
    pid_t pid = -1;
    int to = -1;    // its stdin
    int from = -1;  // its stdout (frames)
    std::optional<std::size_t> job;  // index into the jobs, while busy
    Clock::time_point started;
    FrameBuffer buffer;
    bool used = false;  // it took a file and worker_per_file is on: replaced before the next
};

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// How a worker process ended, in words, after it was reaped.
std::string ending(int status) {
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        return "signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
    }
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    return "status " + std::to_string(status);
}

int reap(Worker& w, bool kill_first) {
    close_fd(w.to);
    close_fd(w.from);
    int status = 0;
    if (w.pid > 0) {
        if (kill_first) ::kill(w.pid, SIGKILL);
        while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    w.pid = -1;
    w.buffer.clear();
    return status;
}

Worker spawn(const WorkerConfig& config, const SupervisorLimits& limits) {
    int down[2], up[2];
    if (::pipe2(down, O_CLOEXEC) != 0) throw WorkerStartError("cannot create a pipe for a scan worker");
    if (::pipe2(up, O_CLOEXEC) != 0) {
        ::close(down[0]);
        ::close(down[1]);
        throw WorkerStartError("cannot create a pipe for a scan worker");
    }
    const pid_t pid = ::fork();
    if (pid < 0) throw WorkerStartError("cannot start a scan worker process");
    if (pid == 0) {  // the child: only async-signal-safe calls until exec
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the scan
        ::dup2(down[0], STDIN_FILENO);
        ::dup2(up[1], STDOUT_FILENO);
        if (limits.memory_bytes) {
            const rlimit limit{limits.memory_bytes, limits.memory_bytes};
            ::setrlimit(RLIMIT_AS, &limit);
        }
        ::signal(SIGPIPE, SIG_DFL);
        ::execl("/proc/self/exe", "libdetect", "scan-worker", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(down[0]);
    ::close(up[1]);
    Worker w;
    w.pid = pid;
    w.to = down[1];
    w.from = up[0];

    pollfd ready{w.from, POLLIN, 0};
    const bool sent = write_frame(w.to, config);
    const bool answered = sent && ::poll(&ready, 1, kStartupTimeoutMs) > 0;
    const auto reply = answered ? read_frame(w.from) : std::nullopt;
    if (reply && reply->value("ready", false)) {
        static bool warned = false;  // once per scan, not once per worker
        if (reply->contains("unconfined") && !warned) {
            std::fprintf(stderr, "libdetect: warning: scan workers run without their sandbox: %s\n",
                         reply->value("unconfined", std::string()).c_str());
            warned = true;
        }
        return w;
    }
    const int status = reap(w, true);
    if (reply && reply->contains("fatal_message"))
        throw WorkerStartError(reply->value("fatal_message", std::string("a scan worker could not start")));
    throw WorkerStartError("a scan worker did not start (" +
                                        std::string(answered ? ending(status) : "no answer") + ")");
}

}  // namespace

void run_supervised(const WorkerConfig& config, const SupervisorLimits& limits, const std::vector<ScanJob>& jobs,
                    const ResultSink& sink) {
    ::signal(SIGPIPE, SIG_IGN);  // a dead worker's pipe gives EPIPE instead
    const std::size_t count = std::min<std::size_t>(std::max(1, limits.workers), std::max<std::size_t>(1, jobs.size()));
    std::vector<Worker> workers;
    auto shut_down = [&] {
        for (auto& w : workers) close_fd(w.to);  // an idle worker exits at end of input
        for (auto& w : workers) reap(w, w.job.has_value());
    };
    try {
        for (std::size_t i = 0; i < count; ++i) workers.push_back(spawn(config, limits));
        std::size_t next = 0, done = 0;
        // A job that ended without a result (its worker already reaped): its
        // error record, and a fresh worker in its place.
        auto fail = [&](Worker& w, const std::string& type, const std::string& message) {
            const ScanJob& job = jobs[*w.job];
            sink(JobResult::failed(job, type, message, config.indent));
            ++done;
            w = spawn(config, limits);
        };
        while (done < jobs.size()) {
            for (auto& w : workers) {
                if (w.job || next >= jobs.size()) continue;
                // An idle worker has nothing to say: one that wrote (or
                // ended) after its last reply is replaced, so that nothing it
                // sent early can pass for the next file's reply; so is one
                // that has analyzed a file when every file gets a fresh one.
                pollfd idle{w.from, POLLIN, 0};
                if (w.used || !w.buffer.empty() || ::poll(&idle, 1, 0) != 0) {
                    reap(w, true);
                    w = spawn(config, limits);
                }
                w.job = next++;
                w.used = limits.worker_per_file;
                w.started = Clock::now();
                if (!write_frame(w.to, jobs[*w.job])) {
                    const int status = reap(w, true);
                    fail(w, "crashed", "the analysis process ended before it took the file (" + ending(status) + ")");
                }
            }
            std::vector<pollfd> fds;
            std::vector<Worker*> busy;
            long long wait_ms = -1;  // until the earliest deadline; -1: no time limit
            const auto now = Clock::now();
            for (auto& w : workers) {
                if (!w.job) continue;
                fds.push_back({w.from, POLLIN, 0});
                busy.push_back(&w);
                if (limits.file_timeout_s > 0) {
                    const auto deadline = w.started + std::chrono::duration<double>(limits.file_timeout_s);
                    const long long left = std::max<long long>(
                        0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count());
                    wait_ms = wait_ms < 0 ? left : std::min(wait_ms, left);
                }
            }
            if (busy.empty()) continue;
            if (::poll(fds.data(), fds.size(), int(std::min<long long>(wait_ms, INT_MAX))) < 0 && errno != EINTR)
                throw WorkerStartError("cannot wait for the scan workers");
            for (std::size_t i = 0; i < busy.size(); ++i) {
                Worker& w = *busy[i];
                if (fds[i].revents == 0) {
                    const double seconds = std::chrono::duration<double>(Clock::now() - w.started).count();
                    if (limits.file_timeout_s > 0 && seconds >= limits.file_timeout_s) {
                        reap(w, true);
                        char text[64];
                        std::snprintf(text, sizeof text, "%g", limits.file_timeout_s);
                        fail(w, "timeout", "the analysis took longer than " + std::string(text) +
                                               " s (--file-timeout) and was stopped");
                    }
                    continue;
                }
                std::uint8_t chunk[1 << 16];
                const ssize_t n = ::read(w.from, chunk, sizeof chunk);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) {  // the worker died with the file
                    const int status = reap(w, true);
                    fail(w, "crashed", "the analysis process was killed by " + ending(status) +
                                           "; the file may be built to attack a decoder or parser");
                    continue;
                }
                w.buffer.append(chunk, std::size_t(n));
                JobResult result;
                try {
                    const std::optional<nlohmann::json> frame = w.buffer.next();
                    if (!frame) continue;
                    result = frame->get<JobResult>();
                    vet_worker_result(jobs[*w.job], config, result);
                } catch (const std::exception& e) {  // nlohmann's errors and FrameBuffer's
                    reap(w, true);
                    fail(w, "crashed", std::string("the analysis process sent a malformed reply: ") + e.what());
                    continue;
                }
                // Outside the try: an error writing the outputs ends the scan,
                // it is not the worker's fault.
                result.index = jobs[*w.job].index;
                w.job.reset();
                ++done;
                sink(std::move(result));
            }
        }
    } catch (...) {
        shut_down();
        throw;
    }
    shut_down();
}

void run_in_process(const WorkerConfig& config, int threads, const std::vector<ScanJob>& jobs,
                    const ResultSink& sink) {
    const Detector detector(config.options(1));
    std::atomic<std::size_t> next{0};
    std::mutex sink_mutex;
    auto work = [&] {
        for (std::size_t i = next++; i < jobs.size(); i = next++) {
            JobResult result = analyze_job(detector, config, jobs[i]);
            std::lock_guard<std::mutex> lock(sink_mutex);
            sink(std::move(result));
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < std::min<std::size_t>(std::size_t(std::max(1, threads)), jobs.size()); ++t)
        pool.emplace_back(work);
    work();
    for (auto& thread : pool) thread.join();
}

}  // namespace libdetect::cli
