// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_REGISTRY_HPP_INCLUDED
#define LOCKFILE_LIB_REGISTRY_HPP_INCLUDED

// The process's lock files: every acquisition, wait and release of the
// library goes through here, under one mutex.
//
// fcntl locks belong to the process, so on their own a second lock of the
// same file in this process would "succeed", threads would not exclude each
// other, and closing any descriptor of a locked file would silently drop its
// lock. The registry is consulted before anything opens a descriptor for
// locking: a second acquisition in this process then fails exactly like one
// from another process (lock_table), and each file has one set of
// descriptors (lock_entry). Every descriptor that the library closes, it
// closes under the same mutex, and never one that names a file the process
// holds. Waiters queue on the file's entry (wait_queue); the head watches
// the file for early wake-up (watch_table).

#include "lock_entry.hpp"
#include "lock_table.hpp"
#include "wait_queue.hpp"
#include "watch_table.hpp"

#include <lockfile/lock_options.hpp>

#include <boost/filesystem/path.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

namespace lockfile {
namespace detail {

class registry {
public:
    static registry& instance();

    // One non-blocking attempt. Returns the entry held, or null with ec set.
    std::shared_ptr<lock_entry> acquire(const boost::filesystem::path& path,
                                        const simple_lock_options& options,
                                        boost::system::error_code& ec);

    // The same for a waiter: a lock handed over is taken; on contention the
    // waiter is queued (ec = already_locked) and `watching` says whether it
    // is the head, which retries the kernel's locks. Any other error is
    // final and leaves the waiter out of every queue.
    std::shared_ptr<lock_entry> acquire_or_wait(waiter& w, bool& watching,
                                                boost::system::error_code& ec);

    // The same, for the head waiter when nothing but the lock may end its
    // wait (no deadline, no canceller): blocks the thread in flock(2),
    // outside the mutex, until the file's flock is free (the kernel wakes it
    // as soon as the holder lets go), then tries as acquire_or_wait() does.
    // Where it cannot wait so (not the head, no flock half), it makes no
    // attempt: already_locked, and the caller sleeps otherwise. Meanwhile
    // every other attempt of this process on the file is refused (its flock
    // would be the waiter's); a file replaced at its path is noticed when
    // the old file's holder lets go, as the head's tries notice it.
    std::shared_ptr<lock_entry> acquire_in_kernel(waiter& w, bool& watching,
                                                  boost::system::error_code& ec);

    // The waiter gives up: it leaves its queue, and a lock handed to it is
    // released (handed on).
    void leave(waiter& w) noexcept;

    // For the head waiter on Linux: a new descriptor of the process's
    // inotify instance (the caller closes it) whose readability means that
    // a descriptor of the file was closed; -1 otherwise.
    int event_reader(waiter& w);
    // Wakes the head waiters of the files named in what was read from it.
    void on_watch_events(const char* data, std::size_t size) noexcept;

    // Gives up one holder's share; the last one hands the lock to the next
    // waiter or unlocks. The lock is gone even when ec reports an error of
    // close(2).
    void release(const std::shared_ptr<lock_entry>& entry, boost::system::error_code& ec) noexcept;

    // The file's content; through the entry's descriptor if this process
    // has the file open.
    std::string read_file(const boost::filesystem::path& path, boost::system::error_code& ec);

    // One non-blocking attempt through `pinned`: the entry of the file at
    // `path`, kept open, unlocked, between holders until unpin() (a
    // file_lock's descriptor). Null `pinned` is pinned at the first
    // attempt; a file replaced at the path is let go and the new one pinned
    // in its place, as acquire() follows a replaced file.
    std::shared_ptr<lock_entry> acquire_pinned(const boost::filesystem::path& path,
                                               std::shared_ptr<lock_entry>& pinned,
                                               const simple_lock_options& options,
                                               boost::system::error_code& ec);
    void unpin(const std::shared_ptr<lock_entry>& entry) noexcept;

    // How many of this process's waiters queue for the file at `path`
    // (what the tests of queue order wait for).
    std::size_t queue_length(const boost::filesystem::path& path);

private:
    registry();

    std::shared_ptr<lock_entry> acquire_or_wait_locked(waiter& w, bool& watching,
                                                       boost::system::error_code& ec);
    std::shared_ptr<lock_entry> lock_path(const boost::filesystem::path& path,
                                          const simple_lock_options& options, waiter* w,
                                          boost::system::error_code& ec);
    std::shared_ptr<lock_entry> open_entry(const boost::filesystem::path& path,
                                           const simple_lock_options& options, bool& fresh,
                                           boost::system::error_code& ec);
    std::shared_ptr<lock_entry> lock_entry_at(const boost::filesystem::path& path,
                                              const std::shared_ptr<lock_entry>& entry, bool fresh,
                                              const simple_lock_options& options, waiter* w,
                                              boost::system::error_code& ec);
    boost::system::error_code take(const boost::filesystem::path& path, lock_entry& entry,
                                   const simple_lock_options& options);
    std::shared_ptr<lock_entry> contention(const std::shared_ptr<lock_entry>& entry, waiter* w,
                                           boost::system::error_code& ec);
    void pass_on(const std::shared_ptr<lock_entry>& entry) noexcept;
    void close_if_idle(const std::shared_ptr<lock_entry>& entry) noexcept;
    void retire(const std::shared_ptr<lock_entry>& entry) noexcept;
    void close_entry(const std::shared_ptr<lock_entry>& entry,
                     boost::system::error_code& ec) noexcept;

    std::mutex mutex_;
    lock_table table_;
    watch_table watches_;
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_REGISTRY_HPP_INCLUDED
