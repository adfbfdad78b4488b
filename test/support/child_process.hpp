// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_TEST_CHILD_PROCESS_HPP_INCLUDED
#define LOCKFILE_TEST_CHILD_PROCESS_HPP_INCLUDED

// A helper process for inter-process tests: started with posix_spawn
// (child_process_posix.cpp) or CreateProcessW (child_process_windows.cpp),
// its standard input and output are pipes to the test, which synchronises
// with it by reading the lines it prints (never by sleeping).

#include <chrono>
#include <string>
#include <vector>

namespace lockfile_test {

class child_process {
public:
    // argv[0] is looked up in PATH if it has no slash; arguments are UTF-8
    // on Windows. The environment is
    // this process's, plus `environment` ("NAME=value" entries). Its standard
    // error is this process's, or with `merge_stderr` its standard output.
    explicit child_process(std::vector<std::string> argv,
                           const std::vector<std::string>& environment = {},
                           bool merge_stderr = false);
    child_process(child_process&& other) noexcept;
    child_process& operator=(const child_process&) = delete;
    // Kills the process if it still runs, and reaps it.
    ~child_process();

    long pid() const { return pid_; }

    // The next line of its standard output, without the newline. Throws
    // std::runtime_error when the output ends or nothing comes in time.
    std::string read_line(std::chrono::milliseconds timeout = std::chrono::seconds(20));

    // Its output up to and including `text` (which need not end a line).
    // Throws as read_line does.
    std::string read_until(const std::string& text,
                           std::chrono::milliseconds timeout = std::chrono::seconds(20));

    // Everything it writes until its output ends. Throws as read_line does
    // if the output has not ended in time: a hung process fails its test
    // with what it wrote, before the test case's own timeout.
    std::string read_to_end(std::chrono::milliseconds timeout = std::chrono::seconds(20));

    // Writes a line to its standard input.
    void write_line(const std::string& line);

    // Closes its standard input: the helpers' signal to release and exit.
    void close_stdin();

#if !defined(_WIN32)
    // Sends it a signal; nothing once wait() has reaped it.
    void kill(int signal);
#endif
    // Ends it at once, as SIGKILL or TerminateProcess do: what wait() then
    // returns is terminated_status. Nothing once wait() has reaped it.
    void terminate();
    static constexpr int terminated_status = 128 + 9;

    // Waits for the end: the exit status, or 128 + N for signal N.
    int wait();

private:
    // Appends what the process writes next to buffer_; false at its end.
    // Throws std::runtime_error if nothing comes before the deadline.
    bool read_some(std::chrono::steady_clock::time_point deadline);

    long pid_ = -1;
#if defined(_WIN32)
    void* process_ = nullptr; // HANDLEs
    void* stdin_ = nullptr;
    void* stdout_ = nullptr;
#else
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
#endif
    std::string buffer_;
};

// Runs argv to its end; returns its exit status as wait() does.
int run(std::vector<std::string> argv);

} // namespace lockfile_test

#endif // LOCKFILE_TEST_CHILD_PROCESS_HPP_INCLUDED
