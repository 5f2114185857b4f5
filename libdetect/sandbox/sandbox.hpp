// The seccomp-bpf filter a scan worker enters once its models are loaded and
// before it reads any evidence (Chromium's renderers and file(1) confine
// their parsers the same way). Everything else is allowed; these end the
// process at once (SIGSYS), so that a parser bug turned into code execution
// cannot reach the network, start programs or change files:
//   - sockets: socket, socketpair, connect, bind, listen, accept, accept4;
//   - programs: execve, execveat, fork, vfork, and clone without CLONE_THREAD
//     (threads are still allowed; clone3, whose flags a filter cannot read,
//     answers ENOSYS and glibc falls back to clone);
//   - files: open, openat and creat with any write, create or truncate flag
//     (openat2 answers ENOSYS), and unlink, rename, mkdir, rmdir, link,
//     symlink, truncate, chmod, chown and their *at forms; mount, ptrace.
// Not covered: reading any file the user can read, and using the resources
// (CPU, memory up to RLIMIT_AS, time up to --file-timeout) a worker has.
#pragma once

#include <string>

namespace libdetect::sandbox {

// Installs the filter on the calling process; empty on success, else why
// the kernel refused it.
std::string enter_worker_sandbox();

}  // namespace libdetect::sandbox
