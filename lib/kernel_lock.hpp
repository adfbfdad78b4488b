// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_KERNEL_LOCK_HPP_INCLUDED
#define LOCKFILE_LIB_KERNEL_LOCK_HPP_INCLUDED

// The kernel's locks that one lock file holds, taken and released together,
// so that peers of every kind see it. Every call but wait_flock() is
// non-blocking.
//
// POSIX (posix/kernel_lock.cpp): flock(2) on the library's own descriptor
// (zc.lockfile, py-filelock, flock(1)) and boost::interprocess::file_lock
// (fcntl record locks: Boost, lockf(3), fasteners); only the fcntl lock
// where the two families interact (lock_families.hpp). Owned by the open
// file description (lock_owner), the fcntl half is an OFD lock instead,
// which a child given the descriptor shares, as it shares the flock.
//
// Windows (windows/kernel_lock.cpp): LockFileEx on byte 0 of the library's
// own handle, as zc.lockfile does there. Boost's file_lock would lock the
// whole file, and Windows locks are mandatory: nobody could read the
// content, nor could the holder write it through another handle.

#include "native_file.hpp"

#include <lockfile/lock_options.hpp>

#include <boost/system/error_code.hpp>

#if !defined(_WIN32)
#include <boost/interprocess/sync/file_lock.hpp>
#endif

namespace lockfile {
namespace detail {

class kernel_lock {
public:
    // For the file open at `file` (not owned; it must outlive this object).
    kernel_lock(native_file file, const file_id& id) noexcept;
    ~kernel_lock();
    kernel_lock(const kernel_lock&) = delete;
    kernel_lock& operator=(const kernel_lock&) = delete;

    // All the locks or none. Contention is error::already_locked.
    boost::system::error_code try_lock(lock_mode mode, lock_owner owner);
    // What try_lock last took the locks as.
    lock_mode mode() const noexcept { return mode_; }
    lock_owner owner() const noexcept { return owner_; }
    // Releases what try_lock took.
    void unlock() noexcept;

    // Whether the locks of this owner include a flock half, for which
    // wait_flock() can wait: not on NFS and other fcntl-only filesystems,
    // nor for the BSDs' and macOS's process-owned locks, nor on Windows.
    bool takes_flock(lock_owner owner) const noexcept;
    // Blocks the calling thread until the flock half of the locks could be
    // taken, and takes it: the kernel wakes such a waiter the moment the
    // holder lets go. The next try_lock finds it taken; if none follows,
    // drop_waited_flock() lets it go. It reads only what never changes, so
    // that a waiter may call it without the registry's mutex. Errors: those
    // of flock(2) (EINTR when a signal interrupts it); errc::not_supported
    // where takes_flock() is false.
    boost::system::error_code wait_flock(lock_mode mode, lock_owner owner) const;
    void drop_waited_flock() noexcept;
    // Before the file is closed: unlocks unless closing alone releases the
    // locks at once, which saves a system call per cycle. On POSIX it does
    // when the process has not forked since the locks were taken (a child
    // may share the open file description, and the flock would outlive the
    // close); never for locks owned by the open file description, which
    // must live on in the processes that share it; Windows frees a closed handle's locks only later, "depending
    // on available system resources", so a waiter could be refused.
    void unlock_before_close() noexcept;

private:
#if !defined(_WIN32)
    boost::system::error_code try_fcntl_half(lock_mode mode, lock_owner owner);
    void unlock_fcntl_half() noexcept;
#endif

    native_file file_;
    lock_mode mode_ = lock_mode::exclusive;
    lock_owner owner_ = lock_owner::process;
#if !defined(_WIN32)
    bool flock_held_ = false;
    bool fcntl_only_;
    unsigned forks_at_lock_ = 0; // fork_count() when the locks were taken
    // Lent the library's descriptor: Boost would open its own by path, a
    // second descriptor per lock (and a second lookup, in which the path
    // could name another file). fcntl locks belong to the process and the
    // file, not to a descriptor, so the lock is the same.
    boost::interprocess::file_lock fcntl_lock_;
#endif
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_KERNEL_LOCK_HPP_INCLUDED
