// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Hand-off latency: this process holds a lock file and releases it at a
// timestamp; a waiter process, already waiting, reports when it holds it.
//
// usage: bench_handoff NAMES COUNT HOLD_MS OUTPUT_PREFIX -- WAITER [ARGS...]
//
// The waiter (bench_handoff_waiter, python_waiter.py) gets the lock file's
// path as its last argument and speaks the protocol described there. NAMES
// is one name, or several separated by commas for a waiter that takes turns
// among as many methods (hand-off i is method i modulo their number): the
// methods are then compared in one process and one run, interleaved, so
// that neither gets a quieter machine. COUNT hand-offs per name. Prints
// "NAME p50 p90 p99 (microseconds) CPU (ms per second of waiting)" per name;
// writes its latencies, in microseconds, one per line, sorted, to
// OUTPUT_PREFIX + NAME + ".txt". Each hold lasts
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

std::vector<std::string> split_names(const std::string& names)
{
    std::vector<std::string> result;
    std::istringstream in(names);
    for (std::string name; std::getline(in, name, ',');)
        result.push_back(name);
    return result;
}

// One method's hand-offs.
struct series {
    std::vector<double> latencies;
    double cpu_ns = 0, waited_ns = 0;
};

} // namespace

int main(int argc, char** argv)
{
    if (argc < 7 || std::string(argv[5]) != "--") {
        std::cerr << "usage: bench_handoff NAMES COUNT HOLD_MS OUTPUT_PREFIX -- WAITER [ARGS...]\n";
        return 2;
    }
    const std::vector<std::string> names = split_names(argv[1]);
    const int count = std::atoi(argv[2]) * static_cast<int>(names.size());
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
    std::vector<series> measured(names.size());
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
        series& turn = measured[static_cast<std::size_t>(i) % names.size()];
        turn.latencies.push_back(static_cast<double>(held - released) / 1000.0);
        turn.cpu_ns += static_cast<double>(cpu);
        turn.waited_ns += static_cast<double>(held - started);
    }
    waiter.close_stdin();
    waiter.wait();
    ::unlink(path.c_str());
    ::rmdir(directory.c_str());

    for (std::size_t m = 0; m < names.size(); ++m) {
        std::vector<double>& latencies = measured[m].latencies;
        std::sort(latencies.begin(), latencies.end());
        std::ofstream out(argv[4] + names[m] + ".txt");
        for (const double latency : latencies)
            out << latency << "\n";
        std::printf("%s %.1f %.1f %.1f %.3f\n", names[m].c_str(), percentile(latencies, 0.5),
                    percentile(latencies, 0.9), percentile(latencies, 0.99),
                    measured[m].cpu_ns / measured[m].waited_ns * 1000.0);
    }
    return 0;
}
