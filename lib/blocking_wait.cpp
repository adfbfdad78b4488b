// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The blocking wait: async_acquire's loop (try, then sleep until woken or
// the backoff's next try), with the calling thread as its executor.
#include "blocking_wait.hpp"

#include "cancel_state.hpp"
#include "wake_signal.hpp"

#include <lockfile/async_options.hpp>
#include <lockfile/detail/retry_backoff.hpp>
#include <lockfile/detail/wait_ticket.hpp>
#include <lockfile/error.hpp>

#include <boost/asio/error.hpp>

#include <random>

namespace lockfile {
namespace detail {

simple_lock_file wait_for_lock(const path_arg& path, const simple_lock_options& options,
                               const waiting& how, boost::system::error_code& ec,
                               const std::shared_ptr<cancel_state>& also)
{
    wake_signal signal;
    wait_ticket ticket(path, options, [&signal] { signal.notify(); });
    const cancel_registration cancel(how.canceller(), [&signal] { signal.notify(); });
    const cancel_registration cancel_too(also, [&signal] { signal.notify(); });
    retry_backoff backoff{acquire_options{}};
    std::minstd_rand random(static_cast<std::minstd_rand::result_type>(
        std::chrono::steady_clock::now().time_since_epoch().count()));
    for (bool woken = false;;) {
        if (cancel.cancelled() || cancel_too.cancelled()) {
            ec = boost::asio::error::operation_aborted;
            return {};
        }
        bool watching = false;
        simple_lock_file lock = ticket.try_acquire_simple(watching, ec);
        if (ec != error::already_locked)
            return lock; // held, or a final error
        const auto now = std::chrono::steady_clock::now();
        if (how.deadline() && now >= *how.deadline()) {
            ec = error::timed_out;
            return {};
        }
        if (watching && !signal.watching())
            signal.watch(ticket.event_reader(), &wait_ticket::on_watch_events);
        boost::system::error_code sleepless; // ec holds already_locked here
        woken = signal.wait(
            now + until_deadline(backoff.next(watching, woken, random), how.deadline(), now),
            sleepless);
        if (sleepless) {
            ec = sleepless;
            return {};
        }
    }
}

} // namespace detail
} // namespace lockfile
