// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The waiting side of bench_handoff, in C++: for each "go" line on standard
// input it says "waiting", waits for the lock by the given method, and once
// it holds it reports "START_NS HELD_NS CPU_NS" (CLOCK_MONOTONIC when it
// began waiting and when it held the lock; the CPU time it used meanwhile),
// then releases.
//
// usage: bench_handoff_waiter METHOD PATH
// METHOD: async, timer (async without early wake-up), blocking (lock_file's
// waiting constructor), file_lock (lockfile::file_lock::lock), boost_timed
// (boost::interprocess::file_lock::timed_lock), flock, flock+work,
// inotify+work.

#include <lockfile/async_acquire.hpp>
#include <lockfile/file_lock.hpp>
#include <lockfile/wait.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <boost/interprocess/sync/file_lock.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <iostream>
#include <string>

namespace {

long long clock_ns(clockid_t clock)
{
    timespec now{};
    ::clock_gettime(clock, &now);
    return now.tv_sec * 1000000000LL + now.tv_nsec;
}

// What the library does once it holds the flock: the fcntl lock, the content.
void do_the_librarys_work(int fd)
{
    struct flock whole {};
    whole.l_type = F_WRLCK;
    whole.l_whence = SEEK_SET;
    ::fcntl(fd, F_SETLK, &whole);
    const std::string content = " " + std::to_string(::getpid()) + "\n";
    if (::pwrite(fd, content.data(), content.size(), 0) < 0 ||
        ::ftruncate(fd, static_cast<off_t>(content.size())) != 0)
        std::cerr << "write failed\n";
}

// The kernel's best: blocked in flock(LOCK_EX); with `work`, then doing
// what the library does once it holds the flock (fcntl lock, content).
long long wait_in_flock(const std::string& path, bool work)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    std::cout << "waiting" << std::endl;
    ::flock(fd, LOCK_EX);
    if (work)
        do_the_librarys_work(fd);
    const long long held = clock_ns(CLOCK_MONOTONIC);
    ::close(fd);
    return held;
}

// The floor of any waiter that does not block in flock: sleeping in poll()
// on an inotify watch, retrying flock on each close event, then the same
// work as above. What async_acquire costs beyond this is its own.
long long wait_on_inotify(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    const int in = ::inotify_init1(IN_CLOEXEC);
    ::inotify_add_watch(in, path.c_str(), IN_CLOSE_WRITE | IN_CLOSE_NOWRITE);
    std::cout << "waiting" << std::endl;
    char events[4096];
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        pollfd ready{in, POLLIN, 0};
        ::poll(&ready, 1, 1);
        if (ready.revents & POLLIN)
            (void)!::read(in, events, sizeof events);
    }
    do_the_librarys_work(fd);
    const long long held = clock_ns(CLOCK_MONOTONIC);
    ::close(fd);
    ::close(in);
    return held;
}

long long wait_in_async_acquire(const std::string& path, bool early_wakeup)
{
    boost::system::error_code ec;
    lockfile::lock_file first(path, ec); // contention expected: the driver holds it
    std::cout << "waiting" << std::endl;
    boost::asio::io_context io;
    lockfile::acquire_options options;
    options.early_wakeup = early_wakeup;
    long long held = 0;
    lockfile::async_acquire(io, path, options,
                            [&](boost::system::error_code, lockfile::lock_file lock) {
                                held = clock_ns(CLOCK_MONOTONIC);
                                lock.close();
                            });
    io.run();
    return held;
}

// The blocking forms, in this thread.
long long wait_blocking(const std::string& path, const std::string& method)
{
    std::cout << "waiting" << std::endl;
    long long held = 0;
    if (method == "blocking") {
        lockfile::lock_file lock(path, lockfile::wait_forever());
        held = clock_ns(CLOCK_MONOTONIC);
    } else if (method == "file_lock") {
        lockfile::file_lock lock(path);
        lock.lock();
        held = clock_ns(CLOCK_MONOTONIC);
        lock.unlock();
    } else {
        boost::interprocess::file_lock lock(path.c_str());
        lock.timed_lock(boost::posix_time::microsec_clock::universal_time() +
                        boost::posix_time::seconds(60));
        held = clock_ns(CLOCK_MONOTONIC);
        lock.unlock();
    }
    return held;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: bench_handoff_waiter METHOD PATH\n";
        return 2;
    }
    const std::string method = argv[1], path = argv[2];
    for (std::string line; std::getline(std::cin, line);) {
        const long long start = clock_ns(CLOCK_MONOTONIC);
        const long long cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
        const long long held = method == "async"          ? wait_in_async_acquire(path, true)
                               : method == "timer"        ? wait_in_async_acquire(path, false)
                               : method == "inotify+work" ? wait_on_inotify(path)
                               : method.rfind("flock", 0) == 0
                                   ? wait_in_flock(path, method == "flock+work")
                                   : wait_blocking(path, method);
        std::cout << start << " " << held << " " << clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu
                  << std::endl;
    }
}
