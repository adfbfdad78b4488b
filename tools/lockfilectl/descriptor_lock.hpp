// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_DESCRIPTOR_LOCK_HPP_INCLUDED
#define LOCKFILECTL_DESCRIPTOR_LOCK_HPP_INCLUDED

// flock(2) on a descriptor that is not a lock file of the library's: a
// directory, or a descriptor the shell opened (the FD form). It waits as
// flock(1) does, blocked in flock(2) itself; a timer interrupts it at the
// deadline.

#include <chrono>
#include <optional>

namespace lockfilectl {

struct descriptor_lock_result {
    int error = 0;  // errno of a failure other than contention
    int signal = 0; // a signal (not the timer's) that ended the wait
    bool conflict = false; // held (-n), or the wait ran out
};

// operation: LOCK_EX, LOCK_SH or LOCK_UN.
descriptor_lock_result lock_descriptor(int fd, int operation, bool nonblock,
                                       std::optional<std::chrono::steady_clock::duration> timeout);

// A directory opened for flock(2): read-only, close-on-exec, not through a
// symbolic link. -1 with errno set on failure.
int open_directory(const char* path);

} // namespace lockfilectl

#endif // LOCKFILECTL_DESCRIPTOR_LOCK_HPP_INCLUDED
