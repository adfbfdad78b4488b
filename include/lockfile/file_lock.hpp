// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_FILE_LOCK_HPP_INCLUDED
#define LOCKFILE_FILE_LOCK_HPP_INCLUDED

// lockfile::file_lock: a drop-in for boost::interprocess::file_lock, with
// its members and meanings, without its traps.

#include <lockfile/lock_options.hpp>
#include <lockfile/path_arg.hpp>
#include <lockfile/wait.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <boost/filesystem/path.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <memory>

namespace lockfile {

namespace detail {
struct file_lock_state;
}

// A lock on a file, exclusive (lock) or shared (lock_sharable), meeting
// Lockable, TimedLockable, SharedLockable and SharedTimedLockable: it works
// with std::unique_lock, std::shared_lock, std::scoped_lock and
// boost::interprocess::scoped_lock and sharable_lock. Put it in place of
// boost::interprocess::file_lock by changing the namespace. Unlike Boost's:
// - the file is created when missing (Boost's constructor throws), and
//   nothing is written into it;
// - two file_lock objects of one file exclude each other in one process as
//   between processes, and so do threads; a lock() from a second thread on
//   the same object waits for the first to unlock (a mutex's meaning);
// - closing another descriptor of the file never drops the lock;
// - waits (lock, timed_lock, try_lock_for...) are event-driven (inotify on
//   Linux, a backoff timer elsewhere), measured on the monotonic clock, and
//   can be ended by cancel() from another thread;
// - both lock families are taken: flock(1), zc.lockfile and py-filelock
//   peers are excluded, as lockf, fcntl and Boost's file_lock peers are.
// Locks are taken and released as simple_lock_file's (lockfile/
// simple_lock_file.hpp says which files are refused, and why). The locks
// belong to the open file description (POSIX): a child created by fork()
// shares a lock held at the fork until it execs or exits, and an unlock in
// either releases it for both (Boost's child holds nothing).
//
// Errors: lock_error (a boost::system::system_error naming the path), not
// boost::interprocess::interprocess_exception: code that catches the
// latter must catch lockfile::lock_error (or std::exception, a base of
// both). Contention is no error: try_ members return false. The error_code
// overloads report instead of throwing, where Boost has none.
//
// Thread-safety: every member may be called from any thread on one object,
// but for construction, destruction, move, swap and assignment. Holding the
// lock in one mode while asking for the other mode on the same object
// waits forever (as with any shared mutex: undefined for std's).
class file_lock {
public:
    // Holds nothing and names no file: every lock call fails with
    // errc::bad_file_descriptor, as Boost's default-constructed one does.
    file_lock() noexcept;
    // Opens nothing yet: the path is made absolute now, and the file is
    // created (0666, less the umask) at the first lock, then kept open
    // (unlocked between locks, as Boost's keeps it) until destruction.
    // Throws nothing for a missing file; a bad path is reported by the lock
    // calls.
    explicit file_lock(path_arg path);
    file_lock(file_lock&& other) noexcept;
    // Releases what *this holds first.
    file_lock& operator=(file_lock&& other) noexcept;
    // Releases what it holds.
    ~file_lock();
    void swap(file_lock& other) noexcept;

    // Exclusive. lock() waits until held; try_lock() does not wait;
    // timed_lock(abs_time) waits until a time point of any clock
    // (boost::posix_time::ptime as Boost reads it, in UTC; pos_infin waits
    // forever) and returns false then.
    void lock();
    bool try_lock();
    bool timed_lock(const boost::posix_time::ptime& abs_time);
    template <class Clock, class Duration>
    bool timed_lock(const std::chrono::time_point<Clock, Duration>& abs_time)
    {
        return lock_as(lock_mode::exclusive, wait_until(abs_time));
    }
    // Releases the exclusive lock; does nothing when none is held.
    void unlock();

    // Shared: any number of holders, in this process and others.
    void lock_sharable();
    bool try_lock_sharable();
    bool timed_lock_sharable(const boost::posix_time::ptime& abs_time);
    template <class Clock, class Duration>
    bool timed_lock_sharable(const std::chrono::time_point<Clock, Duration>& abs_time)
    {
        return lock_as(lock_mode::shared, wait_until(abs_time));
    }
    // Releases one shared lock held; does nothing when none is held.
    void unlock_sharable();

    // The standard names (Boost 1.78 added them).
    template <class Rep, class Period>
    bool try_lock_for(const std::chrono::duration<Rep, Period>& timeout)
    {
        return lock_as(lock_mode::exclusive, wait_for(timeout));
    }
    template <class Clock, class Duration>
    bool try_lock_until(const std::chrono::time_point<Clock, Duration>& abs_time)
    {
        return timed_lock(abs_time);
    }
    void lock_shared() { lock_sharable(); }
    bool try_lock_shared() { return try_lock_sharable(); }
    template <class Rep, class Period>
    bool try_lock_shared_for(const std::chrono::duration<Rep, Period>& timeout)
    {
        return lock_as(lock_mode::shared, wait_for(timeout));
    }
    template <class Clock, class Duration>
    bool try_lock_shared_until(const std::chrono::time_point<Clock, Duration>& abs_time)
    {
        return timed_lock_sharable(abs_time);
    }
    void unlock_shared() { unlock_sharable(); }

    // The same with error_code: contention gives false with ec clear;
    // another error gives false with ec set; a wait ended by cancel() gives
    // operation_aborted.
    // wait_lock waits as `how` says (wait_for, wait_until, wait_forever;
    // its canceller as well as cancel() ends it); false with ec clear at
    // its deadline.
    bool lock(boost::system::error_code& ec);
    bool try_lock(boost::system::error_code& ec);
    bool lock_sharable(boost::system::error_code& ec);
    bool try_lock_sharable(boost::system::error_code& ec);
    bool wait_lock(lock_mode mode, const waiting& how, boost::system::error_code& ec);
    void unlock(boost::system::error_code& ec);
    void unlock_sharable(boost::system::error_code& ec);

    // Ends the waits in progress on this object: they throw lock_error
    // with operation_aborted (or report it). Later waits are unaffected.
    void cancel() noexcept;

    // Whether this object holds the lock exclusively / how many shared
    // locks it holds.
    bool owns_lock() const noexcept;
    std::size_t shared_count() const noexcept;
    // The path (absolute); empty for a default-constructed object.
    const boost::filesystem::path& path() const noexcept;

private:
    // Waits as `how` says: true once held, false at its deadline; throws
    // lock_error for everything else.
    bool lock_as(lock_mode mode, const waiting& how);

    std::unique_ptr<detail::file_lock_state> state_;
};

inline void swap(file_lock& a, file_lock& b) noexcept
{
    a.swap(b);
}

} // namespace lockfile

#endif // LOCKFILE_FILE_LOCK_HPP_INCLUDED
