// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_BLOCKING_WAIT_HPP_INCLUDED
#define LOCKFILE_LIB_BLOCKING_WAIT_HPP_INCLUDED

// The constructors' blocking wait: async_acquire's waiting (a place in the
// process's queue for the file, inotify wake-up, backoff) in the calling
// thread.

#include <lockfile/lock_options.hpp>
#include <lockfile/path_arg.hpp>
#include <lockfile/simple_lock_file.hpp>
#include <lockfile/wait.hpp>
#include <lockfile/detail/wait_ticket.hpp>

#include "cancel_state.hpp"
#include "wake_signal.hpp"

#include <boost/system/error_code.hpp>

#include <memory>

namespace lockfile {
namespace detail {

// One blocking wait for a lock. Its sleep's descriptors (the wake-up pipe,
// the inotify reader) and its place in the queue go with the object, so
// that what follows the hand-off (the content) is done before they close.
class blocking_wait {
public:
    // `also` (if any) may cancel it too, as the canceller of `how` may.
    blocking_wait(const path_arg& path, const simple_lock_options& options, const waiting& how,
                  const std::shared_ptr<cancel_state>& also = nullptr);
    blocking_wait(const blocking_wait&) = delete;
    blocking_wait& operator=(const blocking_wait&) = delete;

    // Waits for the lock. Errors: error::timed_out at the deadline,
    // operation_aborted when cancelled, and at once every error of an
    // attempt but already_locked. Once. A wait with neither deadline nor
    // canceller blocks in flock(2) while another process holds the flock.
    simple_lock_file acquire(boost::system::error_code& ec);

private:
    const waiting& how_;
    wake_signal signal_;
    wait_ticket ticket_;
    cancel_registration cancel_;
    cancel_registration cancel_too_;
};

// A blocking_wait for callers with nothing to do once they hold the lock.
inline simple_lock_file wait_for_lock(const path_arg& path, const simple_lock_options& options,
                                      const waiting& how, boost::system::error_code& ec,
                                      const std::shared_ptr<cancel_state>& also = nullptr)
{
    return blocking_wait(path, options, how, also).acquire(ec);
}

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_BLOCKING_WAIT_HPP_INCLUDED
