// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// statfs(2) for the filesystem type, asked only where it can matter.
#include "../posix/filesystem_type.hpp"

#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/vfs.h>

namespace lockfile {
namespace detail {

namespace {

// f_type is a signed word whose magic numbers above 0x7FFFFFFF read as
// negative on 32-bit systems: its low 32 bits are the type.
unsigned long type_of(int statfs_result, const struct statfs& fs) noexcept
{
    return statfs_result == 0 ? static_cast<unsigned long>(fs.f_type) & 0xFFFFFFFFUL : 0;
}

bool has_block_device(std::uint64_t device) noexcept
{
    return major(static_cast<dev_t>(device)) != 0;
}

} // namespace

unsigned long filesystem_type_of(int fd, std::uint64_t device) noexcept
{
    struct statfs fs {};
    return has_block_device(device) ? 0 : type_of(::fstatfs(fd, &fs), fs);
}

unsigned long filesystem_type_of(const char* path, std::uint64_t device) noexcept
{
    struct statfs fs {};
    return has_block_device(device) ? 0 : type_of(::statfs(path, &fs), fs);
}

} // namespace detail
} // namespace lockfile
