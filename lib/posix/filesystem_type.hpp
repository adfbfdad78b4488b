// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_POSIX_FILESYSTEM_TYPE_HPP_INCLUDED
#define LOCKFILE_LIB_POSIX_FILESYSTEM_TYPE_HPP_INCLUDED

// The filesystem a file is on, as far as locking cares: which lock families
// it takes there, and whether it is a pseudo-filesystem. Linux tells the
// type (statfs, in lib/linux/filesystem_type.cpp); the BSDs need not.

#include "../lock_families.hpp"

#include <cstdint>

namespace lockfile {
namespace detail {

#if defined(__linux__)
// statfs(2)'s f_type of the filesystem of the file open at fd, whose st_dev
// is `device`; of the file at `path` for the second (statfs follows a
// symlink: the caller has made sure with lstat that the path names none).
// 0 for a device with a block device (major number not 0: a local disk's
// filesystem, which needs no system call), or when statfs fails.
unsigned long filesystem_type_of(int fd, std::uint64_t device) noexcept;
unsigned long filesystem_type_of(const char* path, std::uint64_t device) noexcept;
constexpr kernel_family this_kernel = kernel_family::linux_kernel;
#else
inline unsigned long filesystem_type_of(int, std::uint64_t) noexcept
{
    return 0;
}
inline unsigned long filesystem_type_of(const char*, std::uint64_t) noexcept
{
    return 0;
}
constexpr kernel_family this_kernel = kernel_family::bsd_kernel;
#endif

// For the file open at fd, whose st_dev is `device` (a file whose
// filesystem type cannot be read is taken as local).
inline lock_families lock_families_of(int fd, std::uint64_t device) noexcept
{
    return lock_families_for(this_kernel, filesystem_type_of(fd, device));
}

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_POSIX_FILESYSTEM_TYPE_HPP_INCLUDED
