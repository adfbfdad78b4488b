// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_WHO_HOLDS_HPP_INCLUDED
#define LOCKFILE_WHO_HOLDS_HPP_INCLUDED

// who_holds: what the holder of a lock file wrote into it (pid, host), read
// without locking.

#include <lockfile/path_arg.hpp>

#include <boost/system/error_code.hpp>

#include <optional>
#include <string>

namespace lockfile {

// What a lock file says about its holder.
struct holder_info {
    // The file's bytes, unchanged (" 4242;build-3\n"; from byte 1 when
    // byte 0 was locked, on Windows).
    std::string content;
    // Parsed from content written by the templates "{pid}" and
    // "{pid};{hostname}"; empty when the content has another shape.
    std::optional<long> pid;
    std::string hostname;
};

// Reads what the last exclusive lock_file holder wrote into the lock file.
// The content stays after a release (the file is never cleared), so it names
// the current holder only while the file is locked. Safe to call from the
// process that holds the lock: it reads through the lock's own descriptor and
// never drops the lock. Never creates, locks or changes the file. On
// Windows another process's lock makes byte 0 unreadable: the content is
// then read from offset 1 (without the template's leading space).
//
// The path is judged as lock_file judges it, with the same errors (on
// POSIX before anything is opened): a symlink at the path is
// error::symbolic_link, a file of /proc, /sys and the like
// error::pseudo_filesystem, a directory EISDIR, a FIFO or a device error::not_a_regular_file, a socket
// ENXIO, a missing directory ENOENT.
//
// Errors: those; ENOENT for a missing file; those of opening the file for
// reading (EACCES...) and of reading it. Thread-safe.
holder_info who_holds(path_arg path);
holder_info who_holds(path_arg path, boost::system::error_code& ec);

// Parses content as written by lock_file (" PID\n" or " PID;HOST\n").
holder_info parse_holder(std::string content);

} // namespace lockfile

#endif // LOCKFILE_WHO_HOLDS_HPP_INCLUDED
