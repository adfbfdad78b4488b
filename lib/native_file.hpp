// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_NATIVE_FILE_HPP_INCLUDED
#define LOCKFILE_LIB_NATIVE_FILE_HPP_INCLUDED

// Opening, identifying, reading and writing lock files with the system's own
// calls: posix/native_file.cpp, windows/native_file.cpp.

#include <lockfile/lock_options.hpp>

#include <boost/filesystem/operations.hpp>
#include <boost/filesystem/path.hpp>
#include <boost/system/error_code.hpp>

#include <cstdint>

#include <string>
#include <string_view>
#include <tuple>

namespace lockfile {
namespace detail {

#if defined(_WIN32)
using native_file = void*; // a HANDLE
inline native_file invalid_file() noexcept
{
    return reinterpret_cast<void*>(static_cast<std::intptr_t>(-1)); // INVALID_HANDLE_VALUE
}
#else
using native_file = int;
inline native_file invalid_file() noexcept
{
    return -1;
}
#endif

// A file's identity: what the registry keys locks by, and what tells
// whether a path still names the file that was locked. On Windows: the
// volume's serial number and the file's index on it.
struct file_id {
    std::uint64_t device = 0; // st_dev; the volume serial number on Windows
    std::uint64_t inode = 0;  // st_ino; the file index on Windows

    friend bool operator==(const file_id& a, const file_id& b)
    {
        return a.device == b.device && a.inode == b.inode;
    }
    friend bool operator<(const file_id& a, const file_id& b)
    {
        return std::tie(a.device, a.inode) < std::tie(b.device, b.inode);
    }
};

// The identity of what the path itself names (a symlink is not followed).
// Returns false, with ec set, if the path names nothing or cannot be read.
bool identify_path(const boost::filesystem::path& path, file_id& id, boost::system::error_code& ec);

// Whether the path still names the file `id` (what a holder checks: a lock
// on a file that was replaced protects nothing).
inline bool path_names(const boost::filesystem::path& path, const file_id& id) noexcept
{
    boost::system::error_code ec;
    file_id now;
    return identify_path(path, now, ec) && now == id;
}

// Opens a lock file for locking: read-write, not inherited by child
// processes, never following a symlink, never blocking (a FIFO), never
// truncating; the existing file first, and only if there is none, a new one
// with the given permissions (minus the umask; ignored on Windows). Anything
// but a regular file is refused. Returns the file and sets id, or returns
// invalid_file() and sets ec. For a shared lock, a file that may not be
// written (a reader's, a read-only mount) is opened read-only on POSIX, as
// both families take a read lock through a read-only descriptor;
// write_refused then says why writing was refused (else it is clear).
native_file open_lock_file(const boost::filesystem::path& path,
                           boost::filesystem::perms permissions, lock_mode mode, file_id& id,
                           boost::system::error_code& write_refused,
                           boost::system::error_code& ec);

// The same, read-only and never creating: for looking at a lock file.
native_file open_for_reading(const boost::filesystem::path& path, file_id& id,
                             boost::system::error_code& ec);

// The whole content, read from offset 0. On Windows, byte 0 of a file that
// another handle locked cannot be read: the content is then read from
// offset 1 (the lock_file template's leading space is there for this).
std::string read_all(native_file file, boost::system::error_code& ec);

// Writes content at offset 0, then truncates the file to its length. This
// order matters: truncating to zero first makes ext4 flush the data on close
// (auto_da_alloc), many times slower.
void replace_content(native_file file, std::string_view content, boost::system::error_code& ec);

// close(2) or CloseHandle, reporting its error; the file is closed either
// way.
void close_file(native_file file, boost::system::error_code& ec);

// errno, or GetLastError() on Windows.
boost::system::error_code last_system_error();

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_NATIVE_FILE_HPP_INCLUDED
