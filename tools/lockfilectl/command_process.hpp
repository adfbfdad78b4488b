// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_COMMAND_PROCESS_HPP_INCLUDED
#define LOCKFILECTL_COMMAND_PROCESS_HPP_INCLUDED

// Starting the command that `run` runs under its lock, and its exit status.

#include "command_line.hpp"

#include <signal.h>
#include <sys/types.h>

namespace lockfilectl {

// How the command is started.
struct command_setup {
    // A descriptor that holds the lock, left open for the command (it then
    // holds the lock too); -1: the command gets none (the lock lives in
    // lockfilectl alone).
    int lock_descriptor = -1;
    // In a process group of its own, led by a guard process (its pid is
    // the group's id and the one start_command returns) that waits for the
    // command and exits with its status, and kills the whole group if
    // lockfilectl dies: a lost lock or lockfilectl's death ends the command
    // and what it started. Terminal signals then reach lockfilectl alone,
    // which forwards them to the group. Otherwise, with lock_descriptor -1
    // the command is killed (alone) if lockfilectl dies.
    bool own_process_group = false;
    // The signal mask the command starts with.
    sigset_t mask;
};

// Forks and executes options.child; its pid, or -1 after printing why not
// (exit_status then says with what to exit).
pid_t start_command(const options& options, const command_setup& setup, int& exit_status);

// execvp in this process; returns only on failure, with the status to exit
// with after printing why.
int exec_command(const options& options);

// The shell's convention: the exit status, or 128+N for a signal.
int exit_status_of(int wait_status);

} // namespace lockfilectl

#endif // LOCKFILECTL_COMMAND_PROCESS_HPP_INCLUDED
