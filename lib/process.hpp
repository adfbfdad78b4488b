// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_PROCESS_HPP_INCLUDED
#define LOCKFILE_LIB_PROCESS_HPP_INCLUDED

// Who this process is (what a lock file's content names), and whether it
// has forked since a lock was taken: posix/process.cpp, windows/process.cpp.

#include <string>

namespace lockfile {
namespace detail {

// getpid() without a system call, refreshed in the child of every fork()
// (pthread_atfork; a raw clone() without exec is not supported); on Windows
// GetCurrentProcessId().
long current_pid() noexcept;

// Runs the three functions around every fork() of this process, as
// pthread_atfork does: before it, then in the parent, then in the child. All
// of the library's fork handling goes through here (Windows has no fork).
void on_fork(void (*prepare)(), void (*in_parent)(), void (*in_child)());

#if !defined(_WIN32)
// How many times this process has forked. A lock taken after the last fork
// shares its open file description with no other process, so closing its
// descriptor alone releases both kernel locks.
unsigned fork_count() noexcept;
#endif

// This machine's name, as gethostname() gives it (the DNS host name on
// Windows, in UTF-8); empty if it cannot be read.
std::string host_name();

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_PROCESS_HPP_INCLUDED
