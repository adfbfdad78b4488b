// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The decision table and the pseudo-filesystems: pure functions, tested whole
// by test/lock_families.cpp.
#include "lock_families.hpp"

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

} // namespace detail
} // namespace lockfile
