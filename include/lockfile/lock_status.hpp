// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LOCK_STATUS_HPP_INCLUDED
#define LOCKFILE_LOCK_STATUS_HPP_INCLUDED

// query_lock: whether a lock file is locked, in which mode and by whom, as
// the kernel tells, without locking it.

#include <lockfile/lock_options.hpp>
#include <lockfile/path_arg.hpp>

#include <boost/system/error_code.hpp>

#include <vector>

namespace lockfile {

// Whether a lock file is locked now, as the kernel says.
struct lock_status {
    bool locked = false;
    // exclusive if any holder holds it exclusively; meaningful when locked.
    lock_mode mode = lock_mode::exclusive;
    // The holders' process ids, as the kernel records them (the process
    // that took each lock), without duplicates; may be empty when locked.
    std::vector<long> pids;
};

// Asks the kernel, without opening or locking the file, whether it is
// locked by anyone, in either family (flock, fcntl, OFD). Safe to call from
// the holding process. Linux reads /proc/locks; other systems report
// errc::operation_not_supported.
//
// The path is judged as lock_file judges it, with the same errors: a
// symlink at the path (even one to a locked file) is error::symbolic_link, a
// file of /proc, /sys and the like error::pseudo_filesystem, a directory
// EISDIR, a FIFO or a device error::not_a_regular_file, a socket ENXIO, a
// missing directory ENOENT. A file missing from a directory that exists is
// not locked (no error): lock_file would create it.
//
// Errors: those, the other errors of lstat(2) on the path (EACCES...), and
// those of reading /proc/locks. Thread-safe.
lock_status query_lock(path_arg path);
lock_status query_lock(path_arg path, boost::system::error_code& ec);

} // namespace lockfile

#endif // LOCKFILE_LOCK_STATUS_HPP_INCLUDED
