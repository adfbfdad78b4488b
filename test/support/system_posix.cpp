// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// What the tests ask of the system itself, on POSIX.

#include "test_env.hpp"

#include <boost/filesystem/operations.hpp>

#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <fstream>
#include <stdexcept>

namespace lockfile_test {

boost::filesystem::path non_regular_file(const boost::filesystem::path& dir)
{
    const auto fifo = dir / "fifo";
    if (::mkfifo(fifo.c_str(), 0666) != 0)
        throw std::runtime_error("mkfifo " + fifo.string());
    return fifo;
}

long process_id()
{
    return static_cast<long>(::getpid());
}

std::string host_name()
{
    char name[HOST_NAME_MAX + 1] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
}

int open_descriptors(const std::string& prefix)
{
    int count = 0;
    for (const auto& entry : boost::filesystem::directory_iterator("/proc/self/fd")) {
        boost::system::error_code ec;
        const auto target = boost::filesystem::read_symlink(entry.path(), ec);
        if (!ec && target.string().rfind(prefix, 0) == 0)
            ++count;
    }
    return count - (prefix.empty() ? 1 : 0); // the directory_iterator's own
}

int inotify_watches()
{
    int most = 0; // every descriptor of the one instance shows the same watches
    for (const auto& entry : boost::filesystem::directory_iterator("/proc/self/fd")) {
        boost::system::error_code ec;
        if (boost::filesystem::read_symlink(entry.path(), ec).string() != "anon_inode:inotify")
            continue;
        std::ifstream info("/proc/self/fdinfo/" + entry.path().filename().string());
        int watches = 0;
        for (std::string line; std::getline(info, line);)
            watches += line.rfind("inotify wd:", 0) == 0 ? 1 : 0;
        most = std::max(most, watches);
    }
    return most;
}

namespace {

std::chrono::nanoseconds cpu_time(clockid_t clock)
{
    timespec now{};
    if (::clock_gettime(clock, &now) != 0)
        throw std::runtime_error("clock_gettime failed");
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

} // namespace

std::chrono::nanoseconds process_cpu_time()
{
    return cpu_time(CLOCK_PROCESS_CPUTIME_ID);
}

std::chrono::nanoseconds thread_cpu_time(std::thread& thread)
{
    clockid_t clock{};
    if (::pthread_getcpuclockid(thread.native_handle(), &clock) != 0)
        throw std::runtime_error("pthread_getcpuclockid failed");
    return cpu_time(clock);
}

} // namespace lockfile_test
