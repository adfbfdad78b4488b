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

#include <boost/system/error_code.hpp>

#include <memory>

namespace lockfile {
namespace detail {

struct cancel_state;

// Waits for the lock. Errors: error::timed_out at the deadline,
// operation_aborted when cancelled, and at once every error of an attempt
// but already_locked. The ticket leaves the queue on every way out. `also`
// (if any) may cancel it too, as the canceller of `how` may.
simple_lock_file wait_for_lock(const path_arg& path, const simple_lock_options& options,
                               const waiting& how, boost::system::error_code& ec,
                               const std::shared_ptr<cancel_state>& also = nullptr);

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_BLOCKING_WAIT_HPP_INCLUDED
