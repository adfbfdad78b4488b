// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// This process's pid (kept across fork), fork handlers and host name.
#include "../process.hpp"

#include <pthread.h>
#include <unistd.h>

#include <atomic>

namespace lockfile {
namespace detail {

namespace {

struct process_identity {
    std::atomic<pid_t> pid{::getpid()};
    std::atomic<unsigned> forks{0};

    process_identity()
    {
        on_fork([] { identity().forks.fetch_add(1); }, nullptr,
                [] { identity().pid.store(::getpid()); });
    }

    static process_identity& identity()
    {
        static process_identity* const instance = new process_identity; // used after main too
        return *instance;
    }
};

} // namespace

long current_pid() noexcept
{
    return process_identity::identity().pid.load(std::memory_order_relaxed);
}

void on_fork(void (*prepare)(), void (*in_parent)(), void (*in_child)())
{
    ::pthread_atfork(prepare, in_parent, in_child);
}

unsigned fork_count() noexcept
{
    return process_identity::identity().forks.load(std::memory_order_relaxed);
}

std::string host_name()
{
    char name[256] = {}; // POSIX's limit is 255 bytes; macOS has no HOST_NAME_MAX
    if (::gethostname(name, sizeof name - 1) != 0)
        return {};
    return name;
}

} // namespace detail
} // namespace lockfile
