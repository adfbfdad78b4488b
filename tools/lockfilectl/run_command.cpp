// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl run: the command started with the lock, signals forwarded, its
// status returned.
#include "commands.hpp"

#include "command_process.hpp"
#include "descriptor_lock.hpp"
#include "signals.hpp"
#include "take_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <sysexits.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace lockfilectl {

namespace {

// The FD form: flock(2) on the shell's descriptor, nothing to run.
int lock_shell_descriptor(const options& options)
{
    const int operation = options.unlock ? LOCK_UN : options.shared ? LOCK_SH : LOCK_EX;
    const auto start = std::chrono::steady_clock::now();
    const descriptor_lock_result result =
        lock_descriptor(*options.descriptor, operation, options.nonblock, options.timeout);
    if (result.signal)
        return 128 + result.signal;
    if (result.conflict)
        return report_conflict(options, !options.nonblock);
    if (result.error) {
        std::cerr << options.program << ": " << *options.descriptor << ": "
                  << std::strerror(result.error) << "\n";
        return result.error == ENOLCK || result.error == ENOMEM ? EX_OSERR : EX_DATAERR;
    }
    report_lock_taken(options, start);
    return 0;
}

// Until the command ends: every terminating signal that another process
// sent is forwarded to it (one from the terminal reached its process group
// already). The child is reaped only here, after the last forwarded signal,
// so its pid cannot have been reused by then.
int forward_signals_until_end(pid_t child, const sigset_t& waited)
{
    for (;;) {
        siginfo_t info{};
        const int number = ::sigwaitinfo(&waited, &info);
        if (number < 0)
            continue; // EINTR
        if (number == SIGCHLD) {
            int status = 0;
            pid_t ended;
            while ((ended = ::waitpid(child, &status, WNOHANG)) < 0 && errno == EINTR) {}
            if (ended == child)
                return exit_status_of(status);
            continue;
        }
        if (info.si_code != SI_KERNEL)
            ::kill(child, number);
    }
}

} // namespace

int run_command(const options& options)
{
    if (options.descriptor)
        return lock_shell_descriptor(options);
    taken_lock taken = take_lock(options);
    if (!taken.held())
        return taken.exit_status;
    if (options.verbose) // buffered, as flock(1)'s: lost if -F execs, as there
        std::printf("%s: executing %s\n", options.program.c_str(), options.child[0].c_str());
    if (options.no_fork) {
        // The command replaces lockfilectl and keeps its descriptor, and so
        // the lock.
        ::fcntl(taken.descriptor(), F_SETFD, 0);
        return exec_command(options);
    }
    ::signal(SIGCHLD, SIG_DFL); // an inherited SIG_IGN would reap the child unseen
    // Blocked before the child exists, so that none is missed; the child
    // restores the mask it would have had.
    const sigset_t waited = terminating_signal_set(true);
    command_setup setup;
    ::pthread_sigmask(SIG_BLOCK, &waited, &setup.mask);
    setup.lock_descriptor = options.close ? -1 : taken.descriptor();
    int exit_status = 0;
    const pid_t child = start_command(options, setup, exit_status);
    if (child < 0)
        return exit_status;
    return forward_signals_until_end(child, waited); // the lock is released on the way out
}

} // namespace lockfilectl
