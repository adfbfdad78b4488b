// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_SIMPLE_LOCK_FILE_HPP_INCLUDED
#define LOCKFILE_SIMPLE_LOCK_FILE_HPP_INCLUDED

// lockfile::simple_lock_file: the lock alone, writing nothing, exclusive or
// shared, with access to the file's content and descriptor.

#include <lockfile/error.hpp>
#include <lockfile/lock_options.hpp>
#include <lockfile/path_arg.hpp>
#include <lockfile/wait.hpp>

#include <boost/filesystem/path.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace lockfile {

namespace detail {
class lock_entry;
struct lock_access;
} // namespace detail

// An inter-process lock on a lock file that writes nothing into the file,
// so that its holder can keep its own data there (zc.lockfile's SimpleLockFile).
//
// Acquiring: one non-blocking attempt in the constructor, or a wait (the
// constructors that take a `waiting`). The file is opened
// (created if missing, never truncated, never followed through a symlink),
// then locked with flock(2) and with boost::interprocess::file_lock (fcntl),
// so that both families of peers see it; with the fcntl lock alone where the
// two are one (NFS, CIFS, FreeBSD, macOS). On Windows: byte 0 is locked with
// LockFileEx on the library's own handle, as zc.lockfile does; a file open
// elsewhere without sharing counts as held. A second lock on the same file from
// this process conflicts exactly like one from another process: threads
// exclude each other. Contention is error::already_locked, or lock_error from
// the throwing constructors; a symlink (error::symbolic_link), a file of
// /proc, /sys and the like (error::pseudo_filesystem), a FIFO, a device, a
// directory, a missing directory or a permission problem are errors naming
// the path, with nothing locked or written.
//
// Releasing: close() or the destructor. The file is never deleted. In a
// child created by fork(), a copy of a lock object owns nothing
// (owns_lock() is false, releasing it changes nothing): the child holds no
// part of the parent's process-owned lock. Take locks after daemonising.
//
// Thread-safety: distinct objects may be used from any threads; one object is
// not synchronised (like std::fstream). Move-only.
class simple_lock_file {
public:
#ifdef _WIN32
    using native_handle_type = void*;
#else
    using native_handle_type = int;
#endif

    // Holds nothing.
    simple_lock_file() noexcept;

    // Throws lock_error.
    explicit simple_lock_file(path_arg path, const simple_lock_options& options = {});
    // On failure, sets ec and holds nothing.
    simple_lock_file(path_arg path, boost::system::error_code& ec);
    simple_lock_file(path_arg path, const simple_lock_options& options,
                     boost::system::error_code& ec);

    // Waits for a lock held elsewhere, as `how` says (wait_for, wait_until,
    // wait_forever; lockfile/wait.hpp), in the calling thread: only
    // contention is waited on. Errors: error::timed_out at the deadline,
    // operation_aborted when cancelled, the others at once. Many threads
    // may wait at once; they and async_acquire's waiters of this process
    // are served first come first served.
    simple_lock_file(path_arg path, const waiting& how);
    simple_lock_file(path_arg path, const simple_lock_options& options, const waiting& how);
    simple_lock_file(path_arg path, const waiting& how, boost::system::error_code& ec);
    simple_lock_file(path_arg path, const simple_lock_options& options, const waiting& how,
                     boost::system::error_code& ec);

    simple_lock_file(simple_lock_file&& other) noexcept;
    // Releases the lock held by *this first, ignoring errors.
    simple_lock_file& operator=(simple_lock_file&& other) noexcept;
    // Releases, ignoring errors. Never throws.
    ~simple_lock_file();

    bool owns_lock() const noexcept;
    lock_mode mode() const noexcept
    {
        return mode_;
    }
    // The path, made absolute against the working directory when the lock
    // was sought: a later chdir() changes neither it nor verify(). (Errors
    // thrown by the constructor name the path as given.)
    const boost::filesystem::path& path() const noexcept
    {
        return path_;
    }

    // Whether a lock is held and the path still names the locked file. False
    // when someone deleted or replaced the file while it was held: the lock
    // then protects nothing, since a newcomer creates and locks a new file at
    // the path (no lock-file library can prevent that; never delete lock
    // files). The check costs one lstat(2).
    bool verify() const noexcept;

    // Releases the lock; does nothing if none is held. The lock is released
    // even when an error (such as EIO from close(2)) is reported.
    void close();
    void close(boost::system::error_code& ec) noexcept;

    // The file's whole content, read through the lock's own descriptor (a
    // second descriptor of the file, opened and closed by this process, would
    // silently drop its fcntl lock). Precondition: owns_lock().
    std::string read_content() const;
    std::string read_content(boost::system::error_code& ec) const;

    // Replaces the file's content: writes at offset 0, then truncates to the
    // written length. Precondition: owns_lock(). On Windows a shared lock
    // makes byte 0 read-only for every holder: write in exclusive mode.
    void write_content(std::string_view content);
    void write_content(std::string_view content, boost::system::error_code& ec);

    // The descriptor (a HANDLE on Windows) that holds the lock, for reading
    // and writing the file (never close it, duplicate it or change its
    // locks: releasing closes it, and a duplicate would keep the flock).
    // With lock_owner::open_file_description, a child process that
    // inherits it holds the lock too: clear its close-on-exec flag in the
    // child only, between fork and exec. Precondition: owns_lock().
    native_handle_type native_handle() const noexcept;

private:
    friend struct detail::lock_access;
    simple_lock_file(std::shared_ptr<detail::lock_entry> entry, boost::filesystem::path path,
                     lock_mode mode) noexcept;

    std::shared_ptr<detail::lock_entry> entry_;
    boost::filesystem::path path_;
    lock_mode mode_ = lock_mode::exclusive;
};

} // namespace lockfile

#endif // LOCKFILE_SIMPLE_LOCK_FILE_HPP_INCLUDED
