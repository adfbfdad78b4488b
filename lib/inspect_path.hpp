// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_INSPECT_PATH_HPP_INCLUDED
#define LOCKFILE_LIB_INSPECT_PATH_HPP_INCLUDED

// Judging a lock file's path without opening it, for the functions that only
// look at a lock file (query_lock, who_holds): posix/inspect_path.cpp.

#include "native_file.hpp"

#include <boost/filesystem/path.hpp>
#include <boost/system/error_code.hpp>

#include <optional>

namespace lockfile {
namespace detail {

#if !defined(_WIN32)

// What lock_file would make of the path, told by lstat(2) alone: opening it
// could drop this process's fcntl lock on the file (closing any descriptor of
// a locked file does), and opening a FIFO or a device can have effects of its
// own. Returns the identity of the regular file that the path names; or
// nothing with ec clear when the file is missing from a directory that
// exists (lock_file would create it there); or nothing with the error that
// lock_file reports for the same path: error::symbolic_link for a symlink,
// error::pseudo_filesystem for a file of /proc, /sys and the like, EISDIR
// for a directory, ENXIO for a socket (open(2)'s error),
// error::not_a_regular_file for a FIFO or a device, ENOENT for a missing
// directory, and lstat's own errors (EACCES, ENOTDIR, ENAMETOOLONG...).
std::optional<file_id> inspect_lock_path(const boost::filesystem::path& path,
                                         boost::system::error_code& ec);

#endif

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_INSPECT_PATH_HPP_INCLUDED
