// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_ASYNC_OPTIONS_HPP_INCLUDED
#define LOCKFILE_ASYNC_OPTIONS_HPP_INCLUDED

// What async_acquire waits with: the lock's options, the retry backoff,
// the timeout and early wake-up.

#include <lockfile/lock_options.hpp>

#include <chrono>
#include <optional>

namespace lockfile {

// Options of async_acquire.
struct acquire_options {
    // Those of lock_file: content template, mode, permissions.
    lock_options lock;
    // Retries back off from first_retry, doubling, to max_retry; each wait
    // is drawn between half and all of the current interval, so that many
    // waiters do not wake in lockstep. With early_wakeup on Linux the timer
    // is only the fallback (NFS, a holder that unlocks without closing).
    // Clamped, never rejected: first_retry to at least min_retry (a zero
    // would spin), max_retry to at least first_retry.
    std::chrono::steady_clock::duration first_retry = std::chrono::milliseconds(1);
    std::chrono::steady_clock::duration max_retry = std::chrono::milliseconds(500);
    static constexpr std::chrono::steady_clock::duration min_retry = std::chrono::milliseconds(1);
    // When set, the acquisition completes with error::timed_out, holding
    // nothing, if the lock is not taken by then. A timeout that reaches
    // past what the clock can hold is no timeout.
    std::optional<std::chrono::steady_clock::duration> timeout;
    // Wake up as soon as a descriptor of the lock file is closed (inotify,
    // Linux), not only on the timer.
    bool early_wakeup = true;
};

} // namespace lockfile

#endif // LOCKFILE_ASYNC_OPTIONS_HPP_INCLUDED
