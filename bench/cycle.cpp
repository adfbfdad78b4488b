// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Cost of one lock cycle (acquire, write the content, release) on an
// existing lock file, and of try_lock + unlock on an open file_lock (ours
// and Boost's), against the floor of raw system calls (floor.c), measured
// in the same run.

#include "floor.h"

#include <lockfile/file_lock.hpp>
#include <lockfile/lock_file.hpp>
#include <lockfile/simple_lock_file.hpp>

#include <boost/interprocess/sync/file_lock.hpp>

#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

// A lock file in a fresh directory under $TMPDIR (or /tmp).
struct bench_file {
    bench_file()
    {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp ? tmp : "/tmp") + "/lockfile-bench-XXXXXX";
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp");
        directory = pattern;
        path = directory + "/cycle.lock";
        lockfile::lock_file(path).close(); // exists, as in the floor
    }
    ~bench_file()
    {
        ::unlink(path.c_str());
        ::rmdir(directory.c_str());
    }
    std::string directory;
    std::string path;
};

// The floor's cycle, with lock_file's content or (null) none.
void floor_loop(benchmark::State& state, const std::string* content)
{
    bench_file file;
    for (auto _ : state)
        if (floor_cycle(file.path.c_str(), content ? content->data() : nullptr,
                        content ? content->size() : 0) != 0)
            state.SkipWithError("floor cycle failed");
}

template <class Lock> void library_loop(benchmark::State& state)
{
    bench_file file;
    for (auto _ : state) {
        Lock lock(file.path);
        lock.close();
    }
}

void floor_with_content(benchmark::State& state)
{
    const std::string content = " " + std::to_string(::getpid()) + "\n";
    floor_loop(state, &content);
}

void lock_file_cycle(benchmark::State& state)
{
    library_loop<lockfile::lock_file>(state);
}

void floor_without_content(benchmark::State& state)
{
    floor_loop(state, nullptr);
}

void simple_lock_file_cycle(benchmark::State& state)
{
    library_loop<lockfile::simple_lock_file>(state);
}

void floor_lock_pair_loop(benchmark::State& state, bool check_path)
{
    bench_file file;
    const int fd = ::open(file.path.c_str(), O_RDWR | O_CLOEXEC);
    for (auto _ : state)
        if (floor_lock_pair(fd, check_path ? file.path.c_str() : nullptr) != 0)
            state.SkipWithError("floor lock pair failed");
    ::close(fd);
}

void floor_lock_pair_cycle(benchmark::State& state)
{
    floor_lock_pair_loop(state, false);
}

void floor_lock_pair_checked_cycle(benchmark::State& state)
{
    floor_lock_pair_loop(state, true);
}

template <class FileLock> void try_lock_loop(benchmark::State& state)
{
    bench_file file;
    FileLock lock(file.path.c_str());
    for (auto _ : state) {
        if (!lock.try_lock())
            state.SkipWithError("try_lock refused");
        lock.unlock();
    }
}

void file_lock_try_cycle(benchmark::State& state)
{
    try_lock_loop<lockfile::file_lock>(state);
}

void boost_file_lock_try_cycle(benchmark::State& state)
{
    try_lock_loop<boost::interprocess::file_lock>(state);
}

} // namespace

// Interleaved repetitions, so that both sides see the same machine.
BENCHMARK(floor_with_content)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(lock_file_cycle)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(floor_without_content)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(simple_lock_file_cycle)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(floor_lock_pair_cycle)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(file_lock_try_cycle)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(floor_lock_pair_checked_cycle)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(boost_file_lock_try_cycle)->Repetitions(9)->ReportAggregatesOnly(true);

BENCHMARK_MAIN();
