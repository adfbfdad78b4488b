// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_WAKE_SIGNAL_HPP_INCLUDED
#define LOCKFILE_LIB_WAKE_SIGNAL_HPP_INCLUDED

// What a blocking wait sleeps on: a deadline, a notification from another
// thread (the lock handed over, the wait cancelled), and on Linux the
// inotify events of the file it watches, dispatched before it returns.
// posix/wake_signal.cpp (a pipe and poll), windows/wake_signal.cpp (a
// condition variable: no inotify there).

#include <boost/system/error_code.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>

namespace lockfile {
namespace detail {

class wake_signal {
public:
    using dispatch_events = void (*)(const char* data, std::size_t size) noexcept;

    wake_signal();
    ~wake_signal();
    wake_signal(const wake_signal&) = delete;
    wake_signal& operator=(const wake_signal&) = delete;

    // From any thread, under any lock: wakes the waiting thread, or the
    // next wait if none is in progress.
    void notify() noexcept;

    // Owns `reader` (an inotify descriptor; -1: none) from now on: its
    // events go to `dispatch` when wait() sees them.
    void watch(int reader, dispatch_events dispatch) noexcept;
    bool watching() const noexcept;

    // Sleeps until notified or `until`. Returns whether it was notified
    // (events dispatched may have notified it). What it sleeps on is made
    // at the first wait, so that a lock taken at once costs none of it; ec:
    // the system could not give it (descriptors).
    bool wait(std::chrono::steady_clock::time_point until, boost::system::error_code& ec);

private:
    struct state;
    std::unique_ptr<state> state_;
    std::atomic<bool> notified_{false};
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_WAKE_SIGNAL_HPP_INCLUDED
