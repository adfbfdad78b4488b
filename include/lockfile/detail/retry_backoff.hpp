// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_DETAIL_RETRY_BACKOFF_HPP_INCLUDED
#define LOCKFILE_DETAIL_RETRY_BACKOFF_HPP_INCLUDED

// The wait between two tries of async_acquire, as acquire_options documents
// it, and the deadline of its timeout: pure, given the random engine and the
// clock's reading, so that test/backoff.cpp checks it without Asio or time.

#include <lockfile/async_options.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>

namespace lockfile {
namespace detail {

class retry_backoff {
public:
    using duration = std::chrono::steady_clock::duration;

    // The retry intervals as acquire_options documents them: first_retry at
    // least min_retry, max_retry at least first_retry.
    static acquire_options clamped(acquire_options options)
    {
        options.first_retry = std::max(options.first_retry, acquire_options::min_retry);
        options.max_retry = std::max(options.max_retry, options.first_retry);
        return options;
    }

    explicit retry_backoff(const acquire_options& options)
        : first_(clamped(options).first_retry), max_(clamped(options).max_retry), interval_(first_)
    {
    }

    // The wait before the next try. A waiter queued behind this process's
    // holder is handed the lock in turn: its timer is only a safety net
    // (max_retry). The one that watches the file backs off with jitter,
    // between half and all of an interval that doubles up to max_retry, so
    // that many waiters do not wake in lockstep; after an early wake-up that
    // found the lock still held (a holder closing before the kernel dropped
    // its flock), it retries once more soon.
    duration next(bool watching, bool after_wake, std::minstd_rand& random)
    {
        // The kernel drops a closing holder's locks a few microseconds after
        // it reports the close.
        constexpr duration soon = std::chrono::microseconds(100);
        if (!watching)
            return max_;
        if (after_wake)
            return std::min<duration>(soon, first_);
        std::uniform_int_distribution<duration::rep> jitter(interval_.count() / 2,
                                                            interval_.count());
        const duration delay(jitter(random));
        interval_ = interval_ > max_ / 2 ? max_ : interval_ * 2;
        return delay;
    }

private:
    duration first_;
    duration max_;
    duration interval_;
};

using steady_time = std::chrono::steady_clock::time_point;

// now + timeout, or none where that sum passes the clock's end (no
// timeout, as acquire_options says); a negative timeout is already due.
inline std::optional<steady_time> deadline_after(steady_time now,
                                                 std::chrono::steady_clock::duration timeout)
{
    if (timeout > steady_time::max() - now)
        return std::nullopt;
    return now + std::max(timeout, std::chrono::steady_clock::duration::zero());
}

// A wait cut short at the deadline, if there is one.
inline std::chrono::steady_clock::duration
until_deadline(std::chrono::steady_clock::duration delay, std::optional<steady_time> deadline,
               steady_time now)
{
    return deadline ? std::min(delay, *deadline - now) : delay;
}

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_DETAIL_RETRY_BACKOFF_HPP_INCLUDED
