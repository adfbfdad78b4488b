// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_TAKE_LOCK_HPP_INCLUDED
#define LOCKFILECTL_TAKE_LOCK_HPP_INCLUDED

// Taking the lock for run and hold: waiting as -n and -w say, the
// conflict and failure statuses, --verbose.

#include "command_line.hpp"

#include <lockfile/lock_file.hpp>

#include <boost/system/error_code.hpp>

#include <chrono>
#include <string>

namespace lockfilectl {

// The lock a command asked for: on a lock FILE (both families, the
// content), or on a DIR (flock alone); or, when it holds nothing, the
// status to exit with, its message printed.
class taken_lock {
public:
    explicit taken_lock(int status) : exit_status(status) {}
    explicit taken_lock(lockfile::lock_file lock) : file_(std::move(lock)) {}
    explicit taken_lock(int directory, bool) : directory_(directory) {}
    taken_lock(taken_lock&& other) noexcept;
    taken_lock& operator=(taken_lock&&) = delete;
    ~taken_lock(); // releases: a DIR's descriptor is closed

    bool held() const { return file_.owns_lock() || directory_ >= 0; }
    // The descriptor that holds the lock, for the command to inherit.
    int descriptor() const { return file_.owns_lock() ? file_.native_handle() : directory_; }

    int exit_status = 0;

private:
    lockfile::lock_file file_;
    int directory_ = -1;
};

// One attempt; then, unless -n, waits (at most -w seconds): for a FILE with
// async_acquire, showing the waiting line on a terminal; for a DIR in
// flock(2). A terminating signal ends the wait (128+N). In `run` the lock is
// owned by the open file description, which the command inherits; in
// `hold` by the process.
taken_lock take_lock(const options& options);

// Contention: held at the one try (-n), or still held when -w ran out.
bool is_conflict(const boost::system::error_code& ec);

// With --verbose, how long taking the lock took since `start`.
void report_lock_taken(const options& options, std::chrono::steady_clock::time_point start);

// The exit status for a failure whose cause is `cause`, as flock(1) gives
// it (sysexits.h), after printing "PROGRAM: MESSAGE".
int report_failure(const options& options, const std::string& message,
                   const boost::system::error_code& cause);

// The conflict exit code, after the messages a conflict or a timeout calls
// for: "PATH is locked by HOLDER" (a lock file's holder, as the kernel and
// the content tell, or `holder` as given).
int report_conflict(const options& options, bool timed_out);
int report_conflict(const options& options, bool timed_out, const std::string& holder);

} // namespace lockfilectl

#endif // LOCKFILECTL_TAKE_LOCK_HPP_INCLUDED
