// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The blocking wait: async_acquire's loop (try, then sleep until woken or
// the backoff's next try), with the calling thread as its executor.
#include "blocking_wait.hpp"

#include <lockfile/async_options.hpp>
#include <lockfile/detail/retry_backoff.hpp>
#include <lockfile/error.hpp>

#include <boost/asio/error.hpp>

#include <random>

namespace lockfile {
namespace detail {

blocking_wait::blocking_wait(const path_arg& path, const simple_lock_options& options,
                             const waiting& how, const std::shared_ptr<cancel_state>& also)
    : how_(how), ticket_(path, options, [this] { signal_.notify(); }),
      cancel_(how.canceller(), [this] { signal_.notify(); }),
      cancel_too_(also, [this] { signal_.notify(); })
{
}

simple_lock_file blocking_wait::acquire(boost::system::error_code& ec)
{
    retry_backoff backoff{acquire_options{}};
    std::minstd_rand random(static_cast<std::minstd_rand::result_type>(
        std::chrono::steady_clock::now().time_since_epoch().count()));
    // A wait that nothing but the lock may end can block in the kernel,
    // which wakes it the moment the holder lets go; after a kernel wait
    // that an fcntl peer still refused, one sleep of the usual kind, so as
    // not to spin on a flock that is free.
    const bool endless = !how_.deadline() && !cancel_.cancellable() && !cancel_too_.cancellable();
    for (bool woken = false, in_kernel = false;;) {
        if (cancel_.cancelled() || cancel_too_.cancelled()) {
            ec = boost::asio::error::operation_aborted;
            return {};
        }
        bool watching = false;
        simple_lock_file lock = in_kernel ? ticket_.acquire_in_kernel(watching, ec)
                                          : ticket_.try_acquire_simple(watching, ec);
        if (ec != error::already_locked)
            return lock; // held, or a final error
        const auto now = std::chrono::steady_clock::now();
        if (how_.deadline() && now >= *how_.deadline()) {
            ec = error::timed_out;
            return {};
        }
        in_kernel = endless && watching && !in_kernel;
        if (in_kernel)
            continue;
        if (watching && !signal_.watching())
            signal_.watch(ticket_.event_reader(), &wait_ticket::on_watch_events);
        boost::system::error_code sleepless; // ec holds already_locked here
        woken = signal_.wait(
            now + until_deadline(backoff.next(watching, woken, random), how_.deadline(), now),
            sleepless);
        if (sleepless) {
            ec = sleepless;
            return {};
        }
    }
}

} // namespace detail
} // namespace lockfile
