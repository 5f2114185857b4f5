#include "sandbox.hpp"

#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace libdetect::sandbox {
namespace {

using Filter = std::unique_ptr<void, void (*)(scmp_filter_ctx)>;

}  // namespace

std::string enter_worker_sandbox() {
    Filter filter(seccomp_init(SCMP_ACT_ALLOW), seccomp_release);
    if (!filter) return "seccomp_init failed";
    int status = 0;
    auto kill = [&](int syscall) {
        if (status == 0) status = seccomp_rule_add(filter.get(), SCMP_ACT_KILL_PROCESS, syscall, 0);
    };
    auto kill_if_flag = [&](int syscall, unsigned argument, int flag) {
        if (status == 0)
            status = seccomp_rule_add(filter.get(), SCMP_ACT_KILL_PROCESS, syscall, 1,
                                      scmp_arg_cmp{argument, SCMP_CMP_MASKED_EQ, scmp_datum_t(flag), scmp_datum_t(flag)});
    };
    auto refuse = [&](int syscall) {
        if (status == 0) status = seccomp_rule_add(filter.get(), SCMP_ACT_ERRNO(ENOSYS), syscall, 0);
    };

    for (const int call : {SCMP_SYS(socket), SCMP_SYS(socketpair), SCMP_SYS(connect), SCMP_SYS(bind),
                           SCMP_SYS(listen), SCMP_SYS(accept), SCMP_SYS(accept4)})
        kill(call);
    for (const int call : {SCMP_SYS(execve), SCMP_SYS(execveat), SCMP_SYS(fork), SCMP_SYS(vfork),
                           SCMP_SYS(ptrace), SCMP_SYS(mount), SCMP_SYS(creat)})
        kill(call);
    // A new process is a clone without CLONE_THREAD.
    if (status == 0)
        status = seccomp_rule_add(filter.get(), SCMP_ACT_KILL_PROCESS, SCMP_SYS(clone), 1,
                                  scmp_arg_cmp{0, SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0});
    refuse(SCMP_SYS(clone3));
    refuse(SCMP_SYS(openat2));
    for (const int flag : {O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND}) {
        kill_if_flag(SCMP_SYS(open), 1, flag);
        kill_if_flag(SCMP_SYS(openat), 2, flag);
    }
    for (const int call : {SCMP_SYS(unlink), SCMP_SYS(unlinkat), SCMP_SYS(rename), SCMP_SYS(renameat),
                           SCMP_SYS(renameat2), SCMP_SYS(mkdir), SCMP_SYS(mkdirat), SCMP_SYS(rmdir),
                           SCMP_SYS(link), SCMP_SYS(linkat), SCMP_SYS(symlink), SCMP_SYS(symlinkat),
                           SCMP_SYS(truncate), SCMP_SYS(chmod), SCMP_SYS(fchmod), SCMP_SYS(fchmodat),
                           SCMP_SYS(chown), SCMP_SYS(fchown), SCMP_SYS(lchown), SCMP_SYS(fchownat)})
        kill(call);
    if (status != 0) return std::string("cannot build the seccomp filter: ") + std::strerror(-status);
    status = seccomp_load(filter.get());
    if (status != 0) return std::string("the kernel refused the seccomp filter: ") + std::strerror(-status);
    return {};
}

}  // namespace libdetect::sandbox
