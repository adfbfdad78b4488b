// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl run: the command started with the lock, signals forwarded, its
// status returned.
#include "commands.hpp"

#include "descriptor_lock.hpp"
#include "signals.hpp"
#include "take_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace lockfilectl {

namespace {

// execvp's argument vector: pointers into options.child.
std::vector<char*> argv_of(const options& options)
{
    std::vector<char*> argv;
    for (const auto& arg : options.child)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    return argv;
}

int exit_status_of(int status)
{
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

int exec_failure(const options& options, int error)
{
    std::cerr << options.program << ": failed to execute " << options.child[0] << ": "
              << std::strerror(error) << "\n";
    return error == ENOMEM ? EX_OSERR : EX_UNAVAILABLE;
}

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

// The child's side of start_command: only async-signal-safe calls.
[[noreturn]] void become_command(char* const* argv, int lock_fd, bool give_lock, pid_t parent,
                                 const sigset_t& mask, int report_fd)
{
#if defined(__linux__)
    if (!give_lock) {
        // -o: the lock lives in lockfilectl alone, so the command must not
        // outlive it. If lockfilectl died before this line, it is gone.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(EX_OSERR);
    }
#else
    (void)parent;
#endif
    if (give_lock)
        ::fcntl(lock_fd, F_SETFD, 0); // in this child only: it keeps the lock across exec
    ::pthread_sigmask(SIG_SETMASK, &mask, nullptr);
    ::execvp(argv[0], argv);
    const int error = errno;
    while (::write(report_fd, &error, sizeof error) < 0 && errno == EINTR) {}
    ::_exit(error == ENOMEM ? EX_OSERR : EX_UNAVAILABLE);
}

// Forks and executes the command; its pid, or -1 after printing why not
// (exit_status then says with what to exit).
pid_t start_command(const options& options, int lock_fd, const sigset_t& mask, int& exit_status)
{
    std::vector<char*> argv = argv_of(options);
    int report[2]; // the child's errno if exec fails; closed by a successful exec
    if (::pipe2(report, O_CLOEXEC) != 0) {
        std::cerr << options.program << ": pipe: " << std::strerror(errno) << "\n";
        exit_status = EX_OSERR;
        return -1;
    }
    const pid_t parent = ::getpid();
    const pid_t child = ::fork();
    if (child == 0)
        become_command(argv.data(), lock_fd, !options.close, parent, mask, report[1]);
    ::close(report[1]);
    int error = 0;
    ssize_t got;
    while ((got = ::read(report[0], &error, sizeof error)) < 0 && errno == EINTR) {}
    ::close(report[0]);
    if (child < 0 || got == sizeof error) {
        if (child > 0)
            while (::waitpid(child, nullptr, 0) < 0 && errno == EINTR) {}
        exit_status = child < 0 ? EX_OSERR : exec_failure(options, error);
        if (child < 0)
            std::cerr << options.program << ": fork failed: " << std::strerror(errno) << "\n";
        return -1;
    }
    return child;
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
        std::vector<char*> argv = argv_of(options);
        ::execvp(argv[0], argv.data());
        return exec_failure(options, errno);
    }
    ::signal(SIGCHLD, SIG_DFL); // an inherited SIG_IGN would reap the child unseen
    // Blocked before the child exists, so that none is missed; the child
    // restores the mask it would have had.
    const sigset_t waited = terminating_signal_set(true);
    sigset_t previous;
    ::pthread_sigmask(SIG_BLOCK, &waited, &previous);
    int exit_status = 0;
    const pid_t child = start_command(options, taken.descriptor(), previous, exit_status);
    if (child < 0)
        return exit_status;
    return forward_signals_until_end(child, waited); // the lock is released on the way out
}

} // namespace lockfilectl
