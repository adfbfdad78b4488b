// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// fork and exec of run's command, with the failure of exec reported back.
#include "command_process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <cerrno>
#include <cstring>
#include <iostream>
#include <vector>

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

int exec_failure(const options& options, int error)
{
    std::cerr << options.program << ": failed to execute " << options.child[0] << ": "
              << std::strerror(error) << "\n";
    return error == ENOMEM ? EX_OSERR : EX_UNAVAILABLE;
}

// The guard of a command in a group of its own: the group's leader, which
// forks the command and waits for it, and kills the whole group (the
// command and whatever it started) the moment lockfilectl dies: the lock
// lives in lockfilectl, and nothing may run on without it. It blocks every
// signal, so the signals forwarded to the group reach the command alone;
// it exits with the command's status (128+N for signal N). Returns in the
// command's process; only async-signal-safe calls.
void guard_the_group(pid_t parent, int report_fd)
{
    sigset_t all;
    ::sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, nullptr);
#if defined(__linux__)
    ::prctl(PR_SET_PDEATHSIG, SIGHUP);
#endif
    if (::getppid() != parent) // lockfilectl died before prctl
        ::kill(0, SIGKILL);
    const pid_t command = ::fork();
    if (command == 0)
        return;
    ::close(report_fd); // the command's copy tells lockfilectl whether exec worked
    if (command < 0)
        ::_exit(EX_OSERR);
    sigset_t waited;
    ::sigemptyset(&waited);
    ::sigaddset(&waited, SIGCHLD);
    ::sigaddset(&waited, SIGHUP);
    for (;;) {
        const int number = ::sigwaitinfo(&waited, nullptr);
        if (number == SIGHUP && ::getppid() != parent) // not a forwarded SIGHUP
            ::kill(0, SIGKILL);
        int status = 0;
        if (number == SIGCHLD && ::waitpid(command, &status, WNOHANG) == command)
            ::_exit(WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
    }
}

// The child's side of start_command: only async-signal-safe calls.
[[noreturn]] void become_command(char* const* argv, const command_setup& setup, pid_t parent,
                                 int report_fd)
{
    if (setup.own_process_group) {
        ::setpgid(0, 0);
        guard_the_group(parent, report_fd);
    }
#if defined(__linux__)
    else if (setup.lock_descriptor < 0) {
        // The lock lives in lockfilectl alone, so the command must not
        // outlive it. If lockfilectl died before this line, it is gone.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(EX_OSERR);
    }
#endif
    if (setup.lock_descriptor >= 0) // in this child only: it keeps the lock across exec
        ::fcntl(setup.lock_descriptor, F_SETFD, 0);
    ::pthread_sigmask(SIG_SETMASK, &setup.mask, nullptr);
    ::execvp(argv[0], argv);
    const int error = errno;
    while (::write(report_fd, &error, sizeof error) < 0 && errno == EINTR) {}
    ::_exit(error == ENOMEM ? EX_OSERR : EX_UNAVAILABLE);
}

} // namespace

pid_t start_command(const options& options, const command_setup& setup, int& exit_status)
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
        become_command(argv.data(), setup, parent, report[1]);
    if (child > 0 && setup.own_process_group)
        ::setpgid(child, child); // also here: the group exists before any kill(-child)
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

int exec_command(const options& options)
{
    std::vector<char*> argv = argv_of(options);
    ::execvp(argv[0], argv.data());
    return exec_failure(options, errno);
}

int exit_status_of(int wait_status)
{
    return WIFSIGNALED(wait_status) ? 128 + WTERMSIG(wait_status) : WEXITSTATUS(wait_status);
}

} // namespace lockfilectl
