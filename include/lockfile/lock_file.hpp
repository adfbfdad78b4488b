// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LOCK_FILE_HPP_INCLUDED
#define LOCKFILE_LOCK_FILE_HPP_INCLUDED

// lockfile::lock_file: zc.lockfile's lock, an exclusive lock taken at once
// or refused, with the holder's pid and host written into the file.

#include <lockfile/error.hpp>
#include <lockfile/lock_options.hpp>
#include <lockfile/path_arg.hpp>
#include <lockfile/simple_lock_file.hpp>
#include <lockfile/wait.hpp>

#include <boost/filesystem/path.hpp>
#include <boost/system/error_code.hpp>

#include <string>
#include <string_view>

namespace lockfile {

// The lock of zc.lockfile's LockFile: a simple_lock_file that, once it holds
// the lock in exclusive mode, writes " CONTENT\n" into the file (CONTENT from
// the template, "{pid}" by default), so that others can see who holds it
// (who_holds()). A contender that fails never writes, truncates or flushes
// the file.
//
// Errors: those of simple_lock_file; error::bad_template before any file is
// opened; a failed content write is reported after the lock was released.
// Thread-safety, fork and release: as simple_lock_file. Move-only.
class lock_file {
public:
    // Holds nothing.
    lock_file() noexcept = default;

    // Throw lock_error.
    explicit lock_file(path_arg path);
    lock_file(path_arg path, std::string_view content_template);
    lock_file(path_arg path, const lock_options& options);

    // On failure, set ec and hold nothing.
    lock_file(path_arg path, boost::system::error_code& ec);
    lock_file(path_arg path, std::string_view content_template, boost::system::error_code& ec);
    lock_file(path_arg path, const lock_options& options, boost::system::error_code& ec);

    // Wait for a lock held elsewhere, as simple_lock_file's waiting
    // constructors do, then write the content.
    lock_file(path_arg path, const waiting& how);
    lock_file(path_arg path, const lock_options& options, const waiting& how);
    lock_file(path_arg path, const waiting& how, boost::system::error_code& ec);
    lock_file(path_arg path, const lock_options& options, const waiting& how,
              boost::system::error_code& ec);

    bool owns_lock() const noexcept { return lock_.owns_lock(); }
    lock_mode mode() const noexcept { return lock_.mode(); }
    const boost::filesystem::path& path() const noexcept { return lock_.path(); }

    // Releases the lock; a second call does nothing. The file stays.
    void close() { lock_.close(); }
    void close(boost::system::error_code& ec) noexcept { lock_.close(ec); }

    // See simple_lock_file::verify().
    bool verify() const noexcept { return lock_.verify(); }

    // See simple_lock_file::native_handle().
    simple_lock_file::native_handle_type native_handle() const noexcept
    {
        return lock_.native_handle();
    }

private:
    friend struct detail::lock_access;
    // Takes the lock (waiting as `how` says, if given) and writes the content.
    void acquire(const path_arg& path, const lock_options& options, const waiting* how,
                 boost::system::error_code& ec);
    // Keeps `lock` after writing the content (exclusive mode); on failure
    // `lock` is released before ec reaches the caller.
    void adopt(simple_lock_file lock, const std::string& content, boost::system::error_code& ec);

    simple_lock_file lock_;
};

} // namespace lockfile

#endif // LOCKFILE_LOCK_FILE_HPP_INCLUDED
