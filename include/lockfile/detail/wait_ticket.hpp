// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_DETAIL_WAIT_TICKET_HPP_INCLUDED
#define LOCKFILE_DETAIL_WAIT_TICKET_HPP_INCLUDED

// The file-lock side of one asynchronous acquisition: its place in the
// process's queue for the file. async_acquire's waiting machinery (timer,
// backoff, cancellation, completion) sits on top and knows nothing of files;
// this knows nothing of Asio.

#include <lockfile/lock_file.hpp>
#include <lockfile/lock_options.hpp>
#include <lockfile/path_arg.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace lockfile {
namespace detail {

struct waiter;
class lock_entry;

class wait_ticket {
public:
    // `wake` is called from any thread, whenever trying again may succeed
    // (the holder in this process released it, or a descriptor of the file
    // was closed). It must only schedule the retry.
    wait_ticket(path_arg path, const lock_options& options, std::function<void()> wake);
    // For a lock that writes nothing: try_acquire_simple() alone.
    wait_ticket(path_arg path, const simple_lock_options& options, std::function<void()> wake);
    wait_ticket(const wait_ticket&) = delete;
    wait_ticket& operator=(const wait_ticket&) = delete;
    ~wait_ticket();

    // One attempt, never blocking. Returns the lock held; or none, with
    // ec == error::already_locked (the ticket is queued; `watching` says
    // whether it is the one of this process that retries the kernel's
    // locks, the others being handed the lock in turn); or another error,
    // which is final.
    lock_file try_acquire(bool& watching, boost::system::error_code& ec);
    // The same, writing nothing.
    simple_lock_file try_acquire_simple(bool& watching, boost::system::error_code& ec);
    // The same, for a thread whose wait nothing but the lock may end: the
    // watching ticket first blocks in the kernel (flock(2)) until the
    // file's holder lets go.
    simple_lock_file acquire_in_kernel(bool& watching, boost::system::error_code& ec);

    // Gives up: leaves the queue; a lock handed over and not taken is
    // released. Idempotent.
    void leave() noexcept;

    // For the watching ticket, on Linux: a descriptor to read (the caller
    // owns it) whose data go to on_watch_events(); -1 when there is none.
    int event_reader();
    static void on_watch_events(const char* data, std::size_t size) noexcept;

private:
    simple_lock_file held(std::shared_ptr<lock_entry> entry) const;

    std::unique_ptr<waiter> waiter_;
    std::string content_;
    boost::system::error_code template_error_;
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_DETAIL_WAIT_TICKET_HPP_INCLUDED
