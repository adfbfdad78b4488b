// An LD_PRELOAD shim for the replaced_file test: the first flock(2) call of
// the process first renames $LOCKFILE_SHIM_REPLACEMENT over
// $LOCKFILE_SHIM_PATH, as someone replacing the lock file between the
// library's open and its lock would.

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

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
