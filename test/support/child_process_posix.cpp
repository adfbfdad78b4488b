// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Helper processes on POSIX: fork/exec with pipes, kill, wait.
#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace lockfile_test {

namespace {

[[noreturn]] void fail(const std::string& what)
{
    throw std::runtime_error(what + ": " + std::strerror(errno));
}

void make_pipe(int fds[2])
{
    if (::pipe2(fds, O_CLOEXEC) != 0)
        fail("pipe2");
}

} // namespace

child_process::child_process(std::vector<std::string> argv,
                             const std::vector<std::string>& environment, bool merge_stderr)
{
    int in[2], out[2];
    make_pipe(in);
    make_pipe(out);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    if (merge_stderr)
        posix_spawn_file_actions_adddup2(&actions, out[1], 2);
    std::vector<char*> args;
    for (auto& arg : argv)
        args.push_back(arg.data());
    args.push_back(nullptr);
    // The added variables replace inherited ones of the same name (under
    // valgrind, LD_PRELOAD is inherited).
    std::vector<std::string> variables(environment);
    std::vector<char*> env;
    for (auto& variable : variables)
        env.push_back(variable.data());
    const auto replaced = [&](const char* inherited) {
        for (const auto& variable : variables) {
            const auto name = variable.substr(0, variable.find('=') + 1);
            if (std::strncmp(inherited, name.c_str(), name.size()) == 0)
                return true;
        }
        return false;
    };
    for (char** inherited = environ; *inherited; ++inherited)
        if (!replaced(*inherited))
            env.push_back(*inherited);
    env.push_back(nullptr);
    pid_t pid = -1;
    const int error = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), env.data());
    pid_ = pid;
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    stdin_fd_ = in[1];
    stdout_fd_ = out[0];
    if (error != 0) {
        errno = error;
        fail("posix_spawnp " + argv[0]);
    }
}

child_process::child_process(child_process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), stdin_fd_(std::exchange(other.stdin_fd_, -1)),
      stdout_fd_(std::exchange(other.stdout_fd_, -1)), buffer_(std::move(other.buffer_))
{
}

child_process::~child_process()
{
    close_stdin();
    if (pid_ > 0) {
        ::kill(static_cast<pid_t>(pid_), SIGKILL);
        int status;
        while (::waitpid(static_cast<pid_t>(pid_), &status, 0) < 0 && errno == EINTR) {}
    }
    if (stdout_fd_ >= 0)
        ::close(stdout_fd_);
}

bool child_process::read_some(std::chrono::steady_clock::time_point deadline)
{
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const int wait_ms = static_cast<int>(std::max<long long>(left.count(), 0));
        pollfd p{stdout_fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, wait_ms);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            throw std::runtime_error("nothing more from the process in time; got '" + buffer_ +
                                     "'");
        char chunk[256];
        const ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }
}

void child_process::write_line(const std::string& line)
{
    const std::string text = line + "\n";
    if (::write(stdin_fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        fail("write to the process");
}

void child_process::close_stdin()
{
    if (stdin_fd_ >= 0)
        ::close(stdin_fd_);
    stdin_fd_ = -1;
}

void child_process::kill(int signal)
{
    // Once reaped, pid_ is -1, and kill(-1) would signal every process the
    // user may signal: a process that has ended is not signalled.
    if (pid_ <= 0)
        return;
    if (::kill(static_cast<pid_t>(pid_), signal) != 0)
        fail("kill");
}

void child_process::terminate()
{
    kill(SIGKILL);
}

int child_process::wait()
{
    int status = 0;
    while (::waitpid(static_cast<pid_t>(pid_), &status, 0) < 0)
        if (errno != EINTR)
            fail("waitpid");
    pid_ = -1;
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

} // namespace lockfile_test
