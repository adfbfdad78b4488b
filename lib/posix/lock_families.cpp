// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#include "../lock_families.hpp"

#if defined(__linux__)
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#endif

namespace lockfile {
namespace detail {

lock_families lock_families_for(kernel_family kernel, unsigned long type) noexcept
{
    if (kernel == kernel_family::bsd_kernel)
        return lock_families::fcntl_only;
    switch (type) {
    case filesystem_type::nfs:
    case filesystem_type::cifs:
    case filesystem_type::smb2:
        return lock_families::fcntl_only;
    default:
        return lock_families::flock_and_fcntl;
    }
}

lock_families lock_families_of(int fd, dev_t device) noexcept
{
#if defined(__linux__)
    if (major(device) != 0) // a block device's filesystem is local: no system call
        return lock_families::flock_and_fcntl;
    struct statfs fs {};
    if (::fstatfs(fd, &fs) != 0)
        return lock_families::flock_and_fcntl;
    // f_type is a signed word whose magic numbers above 0x7FFFFFFF read as
    // negative on 32-bit systems: compare its low 32 bits.
    return lock_families_for(kernel_family::linux_kernel,
                             static_cast<unsigned long>(fs.f_type) & 0xFFFFFFFFUL);
#else
    (void)fd;
    (void)device;
    return lock_families_for(kernel_family::bsd_kernel, 0);
#endif
}

} // namespace detail
} // namespace lockfile
