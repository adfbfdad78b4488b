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

bool is_pseudo_filesystem(unsigned long type) noexcept
{
    namespace fs = filesystem_type;
    switch (type) {
    case fs::proc:
    case fs::sysfs:
    case fs::debugfs:
    case fs::tracefs:
    case fs::cgroup:
    case fs::cgroup2:
    case fs::configfs:
    case fs::securityfs:
    case fs::bpf:
    case fs::efivarfs:
    case fs::pstore:
    case fs::selinuxfs:
    case fs::smackfs:
    case fs::fusectl:
    case fs::binfmt_misc:
    case fs::nsfs:
    case fs::devpts:
    case fs::mqueue:
    case fs::resctrl:
        return true;
    default:
        return false;
    }
}

#if defined(__linux__)
namespace {

// f_type is a signed word whose magic numbers above 0x7FFFFFFF read as
// negative on 32-bit systems: its low 32 bits are the type.
unsigned long type_of(int statfs_result, const struct statfs& fs) noexcept
{
    return statfs_result == 0 ? static_cast<unsigned long>(fs.f_type) & 0xFFFFFFFFUL : 0;
}

} // namespace

unsigned long filesystem_type_of(int fd, dev_t device) noexcept
{
    struct statfs fs {};
    return major(device) == 0 ? type_of(::fstatfs(fd, &fs), fs) : 0;
}

unsigned long filesystem_type_of(const char* path, dev_t device) noexcept
{
    struct statfs fs {};
    return major(device) == 0 ? type_of(::statfs(path, &fs), fs) : 0;
}

lock_families lock_families_of(int fd, dev_t device) noexcept
{
    return lock_families_for(kernel_family::linux_kernel, filesystem_type_of(fd, device));
}
#else
unsigned long filesystem_type_of(int, dev_t) noexcept
{
    return 0;
}

unsigned long filesystem_type_of(const char*, dev_t) noexcept
{
    return 0;
}

lock_families lock_families_of(int, dev_t) noexcept
{
    return lock_families_for(kernel_family::bsd_kernel, 0);
}
#endif

} // namespace detail
} // namespace lockfile
