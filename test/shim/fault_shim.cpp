// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// An LD_PRELOAD shim for tests that need the world to misbehave at a
// precise point:
// - LOCKFILE_SHIM_PATH and LOCKFILE_SHIM_REPLACEMENT: the first flock(2)
//   call of the process first renames the replacement over the path, as
//   someone replacing the lock file between the library's open and its
//   lock would;
// - LOCKFILE_SHIM_PWRITE_ERRNO=N: every pwrite(2) fails with errno N (a full
//   disk, an I/O error);
// - LOCKFILE_SHIM_CLOSE_ERRNO=N: every close(2) closes the descriptor, as
//   Linux does, and then reports errno N (an NFS write-back error);
// - LOCKFILE_SHIM_FILESYSTEM_TYPE=N (0x hex allowed): every fstatfs(2)
//   reports this filesystem type (0x6969: NFS) for the file.

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/vfs.h>

#include <atomic>

namespace {
std::atomic<bool> replaced{false};
}

extern "C" int flock(int fd, int operation)
{
    using flock_function = int (*)(int, int);
    static const auto real_flock = reinterpret_cast<flock_function>(::dlsym(RTLD_NEXT, "flock"));
    const char* path = ::getenv("LOCKFILE_SHIM_PATH");
    const char* replacement = ::getenv("LOCKFILE_SHIM_REPLACEMENT");
    if (path && replacement && !replaced.exchange(true))
        ::rename(replacement, path);
    return real_flock(fd, operation);
}

extern "C" ssize_t pwrite(int fd, const void* data, size_t size, off_t offset)
{
    using pwrite_function = ssize_t (*)(int, const void*, size_t, off_t);
    static const auto real_pwrite = reinterpret_cast<pwrite_function>(::dlsym(RTLD_NEXT, "pwrite"));
    if (const char* failure = ::getenv("LOCKFILE_SHIM_PWRITE_ERRNO")) {
        errno = ::atoi(failure);
        return -1;
    }
    return real_pwrite(fd, data, size, offset);
}

extern "C" int close(int fd)
{
    using close_function = int (*)(int);
    static const auto real_close = reinterpret_cast<close_function>(::dlsym(RTLD_NEXT, "close"));
    const int result = real_close(fd);
    if (const char* failure = ::getenv("LOCKFILE_SHIM_CLOSE_ERRNO"); failure && result == 0) {
        errno = ::atoi(failure);
        return -1;
    }
    return result;
}

extern "C" int fstatfs(int fd, struct statfs* buffer)
{
    using fstatfs_function = int (*)(int, struct statfs*);
    static const auto real_fstatfs =
        reinterpret_cast<fstatfs_function>(::dlsym(RTLD_NEXT, "fstatfs"));
    const int result = real_fstatfs(fd, buffer);
    if (const char* type = ::getenv("LOCKFILE_SHIM_FILESYSTEM_TYPE"); type && result == 0)
        buffer->f_type = static_cast<__fsword_t>(::strtoul(type, nullptr, 0));
    return result;
}
