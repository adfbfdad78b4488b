// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Hand-off latency: this process holds a lock file and releases it at a
// timestamp; a waiter process, already waiting, reports when it holds it.
//
// usage: bench_handoff NAME COUNT HOLD_MS OUTPUT -- WAITER [ARGS...]
//
// The waiter (bench_handoff_waiter, python_waiter.py) gets the lock file's
// path as its last argument and speaks the protocol described there. Prints
// "NAME p50 p90 p99 (microseconds) CPU (ms per second of waiting)"; writes
// every latency, in microseconds, one per line, to OUTPUT. Each hold lasts
// between HOLD_MS and twice that, at random, so that polling waiters are
// caught at every phase of their interval; long holds measure the CPU that
// waiting costs, without the cost of starting to wait.

#include "../test/support/child_process.hpp"

#include <lockfile/lock_file.hpp>

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

long long monotonic_ns()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000000000LL + now.tv_nsec;
}

double percentile(const std::vector<double>& sorted, double p)
{
    return sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))];
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 7 || std::string(argv[5]) != "--") {
        std::cerr << "usage: bench_handoff NAME COUNT HOLD_MS OUTPUT -- WAITER [ARGS...]\n";
        return 2;
    }
    const std::string name = argv[1];
    const int count = std::atoi(argv[2]);
    const int hold_ms = std::atoi(argv[3]);
    std::string directory = "/tmp/lockfile-handoff-XXXXXX";
    if (!::mkdtemp(directory.data()))
        return 1;
    const std::string path = directory + "/handoff.lock";

    std::vector<std::string> waiter_argv(argv + 6, argv + argc);
    waiter_argv.push_back(path);
    lockfile_test::child_process waiter(waiter_argv);

    std::mt19937 random(42);
    std::uniform_int_distribution<int> hold_us(hold_ms * 1000, hold_ms * 2000);
    std::vector<double> latencies;
    double cpu_ns = 0, waited_ns = 0;
    for (int i = 0; i < count; ++i) {
        lockfile::lock_file lock(path);
        waiter.write_line("go");
        if (waiter.read_line() != "waiting")
            return 1;
        std::this_thread::sleep_for(std::chrono::microseconds(hold_us(random)));
        const long long released = monotonic_ns();
        lock.close();
        std::istringstream report(waiter.read_line());
        long long started = 0, held = 0, cpu = 0;
        report >> started >> held >> cpu;
        latencies.push_back(static_cast<double>(held - released) / 1000.0);
        cpu_ns += static_cast<double>(cpu);
        waited_ns += static_cast<double>(held - started);
    }
    waiter.close_stdin();
    waiter.wait();
    ::unlink(path.c_str());
    ::rmdir(directory.c_str());

    std::sort(latencies.begin(), latencies.end());
    std::ofstream out(argv[4]);
    for (const double latency : latencies)
        out << latency << "\n";
    std::printf("%s %.1f %.1f %.1f %.3f\n", name.c_str(), percentile(latencies, 0.5),
                percentile(latencies, 0.9), percentile(latencies, 0.99),
                cpu_ns / waited_ns * 1000.0);
    return 0;
}
