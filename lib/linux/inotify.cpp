// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The process's one inotify instance and its watches.
#include "../inotify.hpp"

#include "../process.hpp"

#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cstring>
#include <mutex>
#include <string>

namespace lockfile {
namespace detail {
namespace inotify {

namespace {

// The process's instance. A forked child gets its own: sharing the parent's
// would steal its events, and removing a watch would remove the parent's.
int instance()
{
    static std::mutex mutex;
    static int fd = -1;
    static long creator = 0;
    std::lock_guard<std::mutex> guard(mutex);
    if (creator != current_pid()) {
        if (fd >= 0)
            ::close(fd); // the parent's stays open in the parent
        fd = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
        creator = current_pid();
    }
    return fd;
}

} // namespace

int add_watch(int fd)
{
    const int in = instance();
    if (in < 0)
        return -1;
    // Through /proc, the watch is on the very file open at fd, even if its
    // path now names another one.
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    return ::inotify_add_watch(in, link.c_str(),
                               IN_CLOSE_WRITE | IN_CLOSE_NOWRITE | IN_DELETE_SELF | IN_MOVE_SELF);
}

void remove_watch(int watch) noexcept
{
    const int in = instance();
    if (in >= 0 && watch >= 0)
        ::inotify_rm_watch(in, watch);
}

int new_reader()
{
    const int in = instance();
    return in < 0 ? -1 : ::fcntl(in, F_DUPFD_CLOEXEC, 0);
}

void for_each_event(const char* data, std::size_t size,
                    const std::function<void(int watch, bool removed)>& f)
{
    std::size_t offset = 0;
    while (offset + sizeof(inotify_event) <= size) {
        inotify_event event;
        std::memcpy(&event, data + offset, sizeof event);
        f(event.wd, (event.mask & IN_IGNORED) != 0);
        offset += sizeof(inotify_event) + event.len;
    }
}

} // namespace inotify
} // namespace detail
} // namespace lockfile
