// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Scale: many processes contending for one lock, many waiters of one
// process on one lock, many locks held by one process.
//
// usage: bench_scale DIRECTORY
// Prints one "key value..." line per measurement (bench/report.py reads them).

#include <lockfile/async_acquire.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <dirent.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

double micros(clock_type::duration d)
{
    return std::chrono::duration<double, std::micro>(d).count();
}

// One contender: acquire, release, again, until the deadline; reports how
// many times it held the lock and its longest wait.
void contend(const std::string& path, clock_type::time_point deadline, int report)
{
    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    long count = 0;
    double longest = 0;
    std::function<void()> next = [&] {
        const auto asked = clock_type::now();
        waiter.async_acquire(path, [&, asked](boost::system::error_code ec, lockfile::lock_file lock) {
            if (ec)
                return;
            longest = std::max(longest, micros(clock_type::now() - asked));
            ++count;
            lock.close();
            if (clock_type::now() < deadline)
                asio::post(io, next);
        });
    };
    next();
    io.run();
    const std::string line = std::to_string(count) + " " + std::to_string(longest) + "\n";
    if (::write(report, line.data(), line.size()) < 0)
        std::perror("write");
}

void processes_contending(const std::string& directory, int processes)
{
    const std::string path = directory + "/contended.lock";
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0)
        return;
    const auto duration = std::chrono::seconds(2);
    const auto deadline = clock_type::now() + duration;
    for (int i = 0; i < processes; ++i)
        if (::fork() == 0) {
            contend(path, deadline, pipe_fds[1]);
            ::_exit(0);
        }
    ::close(pipe_fds[1]);
    long total = 0;
    double longest = 0;
    FILE* reports = ::fdopen(pipe_fds[0], "r");
    long count = 0;
    double wait = 0;
    while (std::fscanf(reports, "%ld %lf", &count, &wait) == 2) {
        total += count;
        longest = std::max(longest, wait);
    }
    std::fclose(reports);
    while (::wait(nullptr) > 0) {
    }
    std::printf("contention %d %.0f %.0f\n", processes,
                static_cast<double>(total) / std::chrono::duration<double>(duration).count(),
                longest);
}

void waiters_in_one_process(const std::string& directory, int waiters)
{
    const std::string path = directory + "/queued.lock";
    lockfile::lock_file holder(path);
    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    int done = 0;
    for (int i = 0; i < waiters; ++i)
        waiter.async_acquire(path, [&](boost::system::error_code ec, lockfile::lock_file lock) {
            done += ec ? 0 : 1;
            lock.close();
        });
    io.poll(); // all queued
    const auto start = clock_type::now();
    holder.close();
    io.run();
    std::printf("queue %d %d %.2f\n", waiters, done,
                micros(clock_type::now() - start) / waiters);
}

int open_descriptors()
{
    int count = 0;
    if (DIR* fds = ::opendir("/proc/self/fd")) {
        while (::readdir(fds))
            ++count;
        ::closedir(fds);
    }
    return count;
}

long resident_kib()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

void many_locks(const std::string& directory)
{
    constexpr int most = 10000;
    for (int i = 0; i < most; ++i) // created beforehand: acquisitions only are timed
        std::ofstream(directory + "/many-" + std::to_string(i) + ".lock");
    std::vector<lockfile::lock_file> locks;
    locks.reserve(most);
    const int descriptors_before = open_descriptors();
    const long memory_before = resident_kib();
    int held = 0;
    for (const int target : {1000, 5000, most}) {
        const int batch = target - held;
        const auto start = clock_type::now();
        for (; held < target; ++held)
            locks.emplace_back(directory + "/many-" + std::to_string(held) + ".lock");
        const double per_acquire = micros(clock_type::now() - start) / batch;
        std::printf("many %d %.2f %.2f %.2f\n", target, per_acquire,
                    static_cast<double>(open_descriptors() - descriptors_before) / target,
                    static_cast<double>(resident_kib() - memory_before) / target);
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_scale DIRECTORY\n");
        return 2;
    }
    const std::string directory = argv[1];
    rlimit files{};
    ::getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max; // 10,000 locks need 10,000 descriptors
    ::setrlimit(RLIMIT_NOFILE, &files);
    many_locks(directory); // first: later phases leave freed memory to reuse
    for (const int processes : {2, 4, 8, 16})
        processes_contending(directory, processes);
    waiters_in_one_process(directory, 1000);
}
