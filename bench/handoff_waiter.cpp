// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The waiting side of bench_handoff, in C++: for each "go" line on standard
// input it says "waiting", waits for the lock by the given method, and once
// it holds it reports "START_NS HELD_NS CPU_NS" (CLOCK_MONOTONIC when it
// began waiting and when it held the lock; the CPU time it used meanwhile),
// then releases.
//
// usage: bench_handoff_waiter METHODS PATH
// METHODS: one method, or several separated by commas, taken in turn (the
// first for the first "go", and so on, round and round). A method: async, timer (async without early wake-up), blocking (lock_file's
// waiting constructor), file_lock (lockfile::file_lock::lock), boost_timed
// (boost::interprocess::file_lock::timed_lock), flock, flock+work,
// inotify+work.

#include <lockfile/async_acquire.hpp>
#include <lockfile/file_lock.hpp>
#include <lockfile/wait.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <boost/interprocess/sync/file_lock.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

long long clock_ns(clockid_t clock)
{
    timespec now{};
    ::clock_gettime(clock, &now);
    return now.tv_sec * 1000000000LL + now.tv_nsec;
}

// What the library does once it holds the flock: the fcntl lock, the check
// that the path still names the file locked, the content.
void do_the_librarys_work(int fd, const std::string& path)
{
    struct flock whole {};
    whole.l_type = F_WRLCK;
    whole.l_whence = SEEK_SET;
    ::fcntl(fd, F_SETLK, &whole);
    struct stat named {};
    if (::lstat(path.c_str(), &named) != 0) // the library's check that the path names the file
        std::cerr << "lstat failed\n";
    const std::string content = " " + std::to_string(::getpid()) + "\n";
    if (::pwrite(fd, content.data(), content.size(), 0) < 0 ||
        ::ftruncate(fd, static_cast<off_t>(content.size())) != 0)
        std::cerr << "write failed\n";
}

// The kernel's best: blocked in flock(LOCK_EX); with `work`, then doing
// what the library does once it holds the flock (fcntl lock, the check that
// the path still names the file locked, content).
long long wait_in_flock(const std::string& path, bool work)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    std::cout << "waiting" << std::endl;
    ::flock(fd, LOCK_EX);
    if (work)
        do_the_librarys_work(fd, path);
    const long long held = clock_ns(CLOCK_MONOTONIC);
    ::close(fd);
    return held;
}

// The floor of any waiter that does not block in flock: asleep in poll()
// on an inotify watch of the file, set up before it waits, retrying flock
// on each wake-up, then the same work as above. A closing holder's close
// event comes just before the kernel drops its flock: after a wake-up that
// found it still held, the next try is 100 us later (as the library's), or
// that waiter could sleep forever. What async_acquire costs beyond this is
// its own.
long long wait_on_inotify(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    const int in = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    ::inotify_add_watch(in, path.c_str(), IN_CLOSE_WRITE | IN_CLOSE_NOWRITE);
    std::cout << "waiting" << std::endl;
    char events[4096];
    const timespec soon{0, 100000};
    bool woken = false;
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        pollfd ready{in, POLLIN, 0};
        ::ppoll(&ready, 1, woken ? &soon : nullptr, nullptr);
        woken = false;
        while (::read(in, events, sizeof events) > 0)
            woken = true;
    }
    do_the_librarys_work(fd, path);
    const long long held = clock_ns(CLOCK_MONOTONIC);
    ::close(fd);
    ::close(in);
    return held;
}

// One io_context for the process, as a server has; "waiting" once the
// first try has failed and the acquisition waits.
long long wait_in_async_acquire(const std::string& path, bool early_wakeup)
{
    static boost::asio::io_context io;
    lockfile::acquire_options options;
    options.early_wakeup = early_wakeup;
    long long held = 0;
    lockfile::async_acquire(io, path, options,
                            [&](boost::system::error_code, lockfile::lock_file lock) {
                                held = clock_ns(CLOCK_MONOTONIC);
                                lock.close();
                            });
    boost::asio::post(io, [] { std::cout << "waiting" << std::endl; });
    io.restart();
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
        std::cerr << "usage: bench_handoff_waiter METHODS PATH\n";
        return 2;
    }
    std::vector<std::string> methods;
    std::istringstream list(argv[1]);
    for (std::string method; std::getline(list, method, ',');)
        methods.push_back(method);
    if (methods.empty())
        return 2;
    const std::string path = argv[2];
    std::string line;
    for (std::size_t turn = 0; std::getline(std::cin, line); ++turn) {
        const std::string& method = methods[turn % methods.size()];
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
