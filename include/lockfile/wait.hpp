// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_WAIT_HPP_INCLUDED
#define LOCKFILE_WAIT_HPP_INCLUDED

// Blocking waits, for code without an event loop: how long a lock
// constructor waits for a lock held elsewhere (wait_for, wait_until,
// wait_forever), and how another thread ends the wait (wait_canceller).
//
//   lockfile::lock_file lock(path, lockfile::wait_for(std::chrono::seconds(5)));
//
// The wait is async_acquire's, in the calling thread: an inotify watch
// wakes it as soon as a holder closes the file (Linux), a backoff timer is
// the fallback, and this process's waiters for one file, blocking and
// asynchronous, are served first come first served. Only contention is
// waited on: every other error is reported at once.

#include <boost/system/error_code.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <type_traits>

namespace lockfile {

namespace detail {
struct cancel_state;
}

// Ends blocking waits from another thread: cancel() makes every wait that
// uses this canceller, in progress or started later, end with
// boost::asio::error::operation_aborted (lock_error from the throwing
// constructors), holding nothing. Like std::stop_source, it stays
// cancelled: use a new one for the next waits.
// Thread-safety: every member may be called from any thread.
class wait_canceller {
public:
    wait_canceller();
    void cancel() noexcept;
    bool cancelled() const noexcept;

private:
    friend class waiting;
    std::shared_ptr<detail::cancel_state> state_;
};

// How a constructor waits for a lock: until a deadline on the monotonic
// clock, or without one; and by whom it may be cancelled.
class waiting {
public:
    using time_point = std::chrono::steady_clock::time_point;

    // No deadline: wait until the lock is held (or the wait cancelled).
    waiting() noexcept = default;
    explicit waiting(time_point deadline) noexcept : deadline_(deadline) {}

    // The wait may also be ended by `canceller` (whose state it shares).
    waiting& cancelled_by(const wait_canceller& canceller) noexcept
    {
        cancel_ = canceller.state_;
        return *this;
    }

    const std::optional<time_point>& deadline() const noexcept { return deadline_; }
    const std::shared_ptr<detail::cancel_state>& canceller() const noexcept { return cancel_; }

private:
    std::optional<time_point> deadline_;
    std::shared_ptr<detail::cancel_state> cancel_;
};

// Waits until the lock is held. Without a canceller, such a wait sleeps in
// flock(2) while another process holds the file (Linux, local filesystems):
// the kernel wakes it the moment the holder lets go, and only the lock can
// end it; meanwhile other attempts of this process on the file are refused,
// as they queue behind it. Elsewhere, and while a peer of the fcntl family
// holds the file, it waits as every wait does.
inline waiting wait_forever() noexcept
{
    return waiting();
}

// Waits at most `timeout`, measured on the monotonic clock from the call:
// then error::timed_out. Zero or negative: one attempt, then timed_out
// rather than already_locked. A timeout past what the clock can hold waits
// forever.
template <class Rep, class Period>
waiting wait_for(const std::chrono::duration<Rep, Period>& timeout)
{
    using steady = std::chrono::steady_clock;
    const auto now = steady::now();
    // Compared in floating point: a duration of another type may not fit.
    const std::chrono::duration<double, std::nano> left = timeout;
    const std::chrono::duration<double, std::nano> room = steady::time_point::max() - now;
    if (left >= room)
        return wait_forever();
    if (left.count() <= 0)
        return waiting(now);
    return waiting(now + std::chrono::duration_cast<steady::duration>(left));
}

// Waits until `deadline` of any clock (system_clock too), converted once,
// at the call, to the monotonic clock: a later change of the system clock
// does not move the deadline.
template <class Clock, class Duration>
waiting wait_until(const std::chrono::time_point<Clock, Duration>& deadline)
{
    using steady = std::chrono::steady_clock;
    if constexpr (std::is_same_v<Clock, steady>)
        return deadline >= steady::time_point::max()
                   ? wait_forever()
                   : waiting(std::chrono::time_point_cast<steady::duration>(deadline));
    else
        return wait_for(deadline - Clock::now());
}

} // namespace lockfile

#endif // LOCKFILE_WAIT_HPP_INCLUDED
