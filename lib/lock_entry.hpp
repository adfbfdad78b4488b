// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_LOCK_ENTRY_HPP_INCLUDED
#define LOCKFILE_LIB_LOCK_ENTRY_HPP_INCLUDED

// One file that this process holds or waits for: the library's descriptor
// of it and the kernel's locks on that descriptor, how many lock objects of
// this process hold it, and who waits for it. The registry's mutex guards
// every member; lock objects read only id() and file() (and opened_here())
// of the entry they hold, and a kernel waiter (set_kernel_waiter) only the
// descriptor that its locks() were made with.

#include "kernel_lock.hpp"
#include "native_file.hpp"
#include "wait_queue.hpp"

#include <boost/system/error_code.hpp>

#include <optional>
#include <vector>

namespace lockfile {
namespace detail {

class lock_entry {
public:
    // For the file just opened at `file`, which it owns from now on.
    // write_refused: why the file is open read-only (for a shared lock), if
    // it is.
    lock_entry(const file_id& id, native_file file, boost::system::error_code write_refused);
    lock_entry(const lock_entry&) = delete;
    lock_entry& operator=(const lock_entry&) = delete;

    const file_id& id() const noexcept { return id_; }
    native_file file() const noexcept { return file_; }
    // Whether this process opened it: a forked child's copy of its parent's
    // entry is not the child's lock.
    bool opened_here() const noexcept;
    const boost::system::error_code& write_refused() const noexcept { return write_refused_; }

    kernel_lock& locks() noexcept { return *locks_; }
    bool held() const noexcept { return holders_ > 0; }
    void add_holder() noexcept { ++holders_; }
    // One holder lets go; returns how many remain.
    int drop_holder() noexcept { return --holders_; }

    wait_queue& waiters() noexcept { return waiters_; }
    const wait_queue& waiters() const noexcept { return waiters_; }
    // Kept open between holders (a file_lock keeps its file's descriptor,
    // as Boost's does): unlocked, not closed, when the last holder goes.
    void pin() noexcept { ++pins_; }
    void unpin() noexcept { --pins_; }
    bool pinned() const noexcept { return pins_ > 0; }
    // Its head waiter blocks in the kernel on the descriptor (registry::
    // acquire_in_kernel): nobody else may take its locks or close it then.
    void set_kernel_waiter(bool waiting) noexcept { kernel_waiter_ = waiting; }
    bool kernel_waiter() const noexcept { return kernel_waiter_; }
    bool idle() const noexcept
    {
        return !held() && waiters_.empty() && !pinned() && !kernel_waiter_;
    }

    // A descriptor of this file opened in a race with its locking: closing
    // it would drop the fcntl lock, so it is closed with the entry.
    void park(native_file file) { parked_.push_back(file); }

    // Closes every descriptor (the locks go with them); close(2)'s error on
    // the entry's own in ec. Closing twice does nothing.
    void close(boost::system::error_code& ec) noexcept;
    // In a forked child, before anything else runs: the descriptors of a
    // process-owned lock are closed, so that the child holds no part of it
    // (its flock lives on the open file description, which the child would
    // otherwise keep after the parent released or exited). A lock owned by
    // the description is shared with the child by design. Only close(2):
    // the child of a multithreaded process may not allocate.
    void let_go_after_fork() noexcept;

private:
    file_id id_;
    native_file file_;
    std::optional<kernel_lock> locks_; // on file_
    long opener_pid_;
    boost::system::error_code write_refused_;
    int holders_ = 0;
    int pins_ = 0;
    bool kernel_waiter_ = false;
    wait_queue waiters_;
    std::vector<native_file> parked_;
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_LOCK_ENTRY_HPP_INCLUDED
