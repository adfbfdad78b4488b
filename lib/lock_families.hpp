// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_LOCK_FAMILIES_HPP_INCLUDED
#define LOCKFILE_LIB_LOCK_FAMILIES_HPP_INCLUDED

// Which families of POSIX locks a lock file takes, so that every peer sees
// it: flock(2) (zc.lockfile, py-filelock, flock(1)) and fcntl record locks
// (Boost's file_lock, lockf(3), fasteners).
//
// On Linux's local filesystems the two are independent: a lock of one
// family is invisible to the other, so both are taken. Where flock is built
// on fcntl locks (FreeBSD, macOS; NFS and, since Linux 5.5, CIFS/SMB), the
// two would conflict inside this process, and the fcntl lock alone is seen
// by both families. FUSE passes each family to the filesystem separately
// (or keeps both in the kernel), so it is treated as local.

#include <sys/types.h>

namespace lockfile {
namespace detail {

enum class lock_families { flock_and_fcntl, fcntl_only };

enum class kernel_family { linux_kernel, bsd_kernel }; // bsd_kernel: FreeBSD, macOS

// statfs(2)'s f_type of the Linux filesystems that matter here.
namespace filesystem_type {
constexpr unsigned long nfs = 0x6969;
constexpr unsigned long cifs = 0xFF534D42; // SMB1, and SMB2/3 before Linux 5.17
constexpr unsigned long smb2 = 0xFE534D42; // SMB2/3 since Linux 5.17
constexpr unsigned long fuse = 0x65735546;
constexpr unsigned long ext4 = 0xEF53;
constexpr unsigned long tmpfs = 0x01021994;
} // namespace filesystem_type

// The decision itself; filesystem_type is statfs's f_type (ignored on BSD).
lock_families lock_families_for(kernel_family kernel, unsigned long filesystem_type) noexcept;

// For the file open at fd, whose st_dev is `device`, on the system this
// library was built for. On Linux the filesystem type is asked of the
// kernel only for devices without a block device (major number 0), as
// network filesystems are; if it cannot be read, the file is taken as local.
lock_families lock_families_of(int fd, dev_t device) noexcept;

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_LOCK_FAMILIES_HPP_INCLUDED
