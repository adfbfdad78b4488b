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
// Pseudo-filesystems: their files are the kernel's controls and reports
// (writing /proc/sys/kernel/hostname renames the machine), never lock files.
constexpr unsigned long proc = 0x9FA0;
constexpr unsigned long sysfs = 0x62656572;
constexpr unsigned long debugfs = 0x64626720;
constexpr unsigned long tracefs = 0x74726163;
constexpr unsigned long cgroup = 0x0027E0EB;
constexpr unsigned long cgroup2 = 0x63677270;
constexpr unsigned long configfs = 0x62656570;
constexpr unsigned long securityfs = 0x73636673;
constexpr unsigned long bpf = 0xCAFE4A11;
constexpr unsigned long efivarfs = 0xDE5E81E4;
constexpr unsigned long pstore = 0x6165676C;
constexpr unsigned long selinuxfs = 0xF97CFF8C;
constexpr unsigned long smackfs = 0x43415D53;
constexpr unsigned long fusectl = 0x65735543;
constexpr unsigned long binfmt_misc = 0x42494E4D;
constexpr unsigned long nsfs = 0x6E736673;
constexpr unsigned long devpts = 0x1CD1;
constexpr unsigned long mqueue = 0x19800202;
constexpr unsigned long resctrl = 0x07655821;
} // namespace filesystem_type

// Whether a file on a filesystem of this f_type is refused as a lock file
// (error::pseudo_filesystem) before anything is locked or written.
bool is_pseudo_filesystem(unsigned long filesystem_type) noexcept;

// The decision itself; filesystem_type is statfs's f_type (ignored on BSD).
lock_families lock_families_for(kernel_family kernel, unsigned long filesystem_type) noexcept;

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_LOCK_FAMILIES_HPP_INCLUDED
