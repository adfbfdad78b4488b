// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_REGISTRY_HPP_INCLUDED
#define LOCKFILE_LIB_REGISTRY_HPP_INCLUDED

// The process's table of the lock files it holds or waits for, keyed by file
// identity.
//
// fcntl locks belong to the process, so on their own a second lock of the
// same file in this process would "succeed", threads would not exclude each
// other, and closing any descriptor of a locked file would silently drop its
// lock. The registry is consulted, under one mutex, before anything opens a
// descriptor for locking: a second acquisition in this process then fails
// exactly like one from another process, and each file has one set of
// descriptors. Every descriptor that the library closes, it closes under the
// same mutex, and never one that names a file the process holds.
//
// Waiters of this process queue on the file's entry, first come first
// served. The first of them (the head) retries the kernel's locks through the
// entry's descriptors, which stay open between tries (closing them would wake
// every inotify watcher of the file); the others wait for the lock to be
// handed over when this process's holder releases it.

#include "kernel_lock.hpp"
#include "native_file.hpp"

#include <lockfile/lock_options.hpp>

#include <boost/filesystem/path.hpp>
#include <boost/system/error_code.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lockfile {
namespace detail {

struct waiter;

// One file that this process holds, or waits for (then holders is 0).
struct lock_entry {
    file_id id;
    native_file file = invalid_file(); // the library's own: locks, content
    std::optional<kernel_lock> locks;  // on `file`; locked (in its mode()) while held
    int holders = 0;
    long owner = 0;               // the process that opened it (a forked child is not)
    bool mapped = true;           // false once replaced at its path: no newcomer joins it
    std::vector<waiter*> waiters; // first come, first served
    int watch = -1;               // inotify watch descriptor, while a waiter watches
    // Why `file` is open read-only (for shared locks), if it is.
    boost::system::error_code write_refused;
    // Descriptors of this file opened in a race with its locking: closing
    // them would drop the fcntl lock, so they are closed with the entry.
    std::vector<native_file> parked;
};

// A pending asynchronous acquisition, as the registry sees it.
struct waiter {
    boost::filesystem::path path;
    simple_lock_options options;
    // Called under the registry's mutex when trying again may succeed; it
    // must only schedule the retry.
    std::function<void()> wake;
    std::shared_ptr<lock_entry> queued_on; // the entry whose queue holds it
    std::shared_ptr<lock_entry> handed;    // a lock handed over, not yet taken
};

class registry {
public:
    static registry& instance();

    // One non-blocking attempt. Returns the entry held, or null with ec set.
    std::shared_ptr<lock_entry> acquire(const boost::filesystem::path& path,
                                        const simple_lock_options& options,
                                        boost::system::error_code& ec);

    // The same for a waiter: a lock handed over is taken; on contention the
    // waiter is queued (ec = already_locked) and `watching` says whether it
    // is the one that retries the kernel's locks. Any other error is final
    // and leaves the waiter out of every queue.
    std::shared_ptr<lock_entry> acquire_or_wait(waiter& w, bool& watching,
                                                boost::system::error_code& ec);

    // The waiter gives up: it leaves its queue, and a lock handed to it is
    // released (handed on).
    void leave(waiter& w) noexcept;

    // For the watching waiter on Linux: a descriptor (a duplicate of the
    // process's inotify instance, the caller closes it) whose readability
    // means that a descriptor of the file was closed; -1 otherwise.
    int watch_descriptor(waiter& w);
    // Wakes the watchers of the files named in what was read from it.
    void on_watch_events(const char* data, std::size_t size) noexcept;

    // Gives up one holder's share; the last one hands the lock to the next
    // waiter or unlocks. The lock is gone even when ec reports an error of
    // close(2).
    void release(const std::shared_ptr<lock_entry>& entry, boost::system::error_code& ec) noexcept;

    // The file's content; through the entry's descriptor if this process
    // has the file open.
    std::string read_file(const boost::filesystem::path& path, boost::system::error_code& ec);

private:
    registry();

    template <class Open>
    std::shared_ptr<lock_entry> find_or_open(const boost::filesystem::path& path, Open open,
                                             native_file& file, file_id& id,
                                             boost::system::error_code& ec);
    std::shared_ptr<lock_entry> find(const file_id& id) const;
    std::shared_ptr<lock_entry> lock_path(const boost::filesystem::path& path,
                                          const simple_lock_options& options, waiter* w,
                                          boost::system::error_code& ec);
    boost::system::error_code take(const boost::filesystem::path& path, lock_entry& entry,
                                   const simple_lock_options& options);
    boost::system::error_code lock_kernel(const boost::filesystem::path& path, lock_entry& entry,
                                          const simple_lock_options& options);
    void hand_over(const std::shared_ptr<lock_entry>& entry);
    void give_up(const std::shared_ptr<lock_entry>& entry) noexcept;
    void retire(lock_entry& entry) noexcept;
    void close_entry(const std::shared_ptr<lock_entry>& entry,
                     boost::system::error_code& ec) noexcept;
    void let_go_after_fork() noexcept;

    std::mutex mutex_;
    std::map<file_id, std::shared_ptr<lock_entry>> entries_;
    std::map<int, std::weak_ptr<lock_entry>> watched_; // by inotify watch descriptor
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_REGISTRY_HPP_INCLUDED
