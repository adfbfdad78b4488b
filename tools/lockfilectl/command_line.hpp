// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_COMMAND_LINE_HPP_INCLUDED
#define LOCKFILECTL_COMMAND_LINE_HPP_INCLUDED

// lockfilectl's command line: one parser for its three commands. `run`
// takes flock(1)'s command lines unchanged (and is what the program does
// when invoked under the name "flock"), so it parses as flock(1) does:
// getopt_long, options before the lock's path, bundling allowed.

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lockfilectl {

struct options {
    std::string program = "lockfilectl"; // the name messages start with
    std::string command;                 // "run", "status", "hold"; "" for the tool itself
    bool help = false;
    bool version = false;
    bool shared = false;
    bool unlock = false;     // -u: only for a descriptor
    bool nonblock = false;   // also -w 0
    bool close = false;      // -o: the command gets no descriptor
    bool no_fork = false;    // -F: the command replaces lockfilectl
    bool verbose = false;    // flock(1)'s --verbose lines
    bool quiet = false;      // no waiting line, no conflict message
    bool json = false;
    // Unset: no limit (also for values beyond what the clock holds).
    std::optional<std::chrono::steady_clock::duration> timeout;
    std::string content = "{pid};{hostname}";
    int conflict_exit_code = 1;
    // --etcd, or $LOCKFILE_ETCD_ENDPOINTS: the lock is the NAME in `path`
    // on these etcd endpoints.
    std::optional<std::string> etcd_endpoints;
    std::chrono::seconds ttl{10};
    std::chrono::steady_clock::duration kill_after = std::chrono::seconds(5);
    std::string etcd_only_option; // --ttl or --kill-after, if given
    std::string path;              // FILE or DIR; with etcd, the NAME
    std::optional<int> descriptor; // FD: a descriptor given by the shell
    std::vector<std::string> child; // COMMAND [ARGS...]
};

// A command line that cannot be carried out: the message (without the
// program's name) and the exit status.
struct command_line_error : std::runtime_error {
    command_line_error(const std::string& message, int exit_status, std::string of_command)
        : std::runtime_error(message), status(exit_status), command(std::move(of_command))
    {
    }
    int status;
    std::string command; // whose usage to suggest
};

// `program` is argv[0]'s file name: under "flock", args are run's. Throws
// command_line_error.
options parse(const std::string& program, const std::vector<std::string>& args);

} // namespace lockfilectl

#endif // LOCKFILECTL_COMMAND_LINE_HPP_INCLUDED
