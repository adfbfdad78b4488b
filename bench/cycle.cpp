// Cost of one lock cycle (acquire, write the content, release) on an
// existing lock file, against the floor of raw system calls (floor.c),
// measured in the same run.

#include "floor.h"

#include <lockfile/lock_file.hpp>
#include <lockfile/simple_lock_file.hpp>

#include <benchmark/benchmark.h>

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

void floor_with_content(benchmark::State& state)
{
    bench_file file;
    const std::string content = " " + std::to_string(::getpid()) + "\n";
    for (auto _ : state)
        if (floor_cycle(file.path.c_str(), content.data(), content.size()) != 0)
            state.SkipWithError("floor cycle failed");
}

void lock_file_cycle(benchmark::State& state)
{
    bench_file file;
    for (auto _ : state) {
        lockfile::lock_file lock(file.path);
        lock.close();
    }
}

void floor_without_content(benchmark::State& state)
{
    bench_file file;
    for (auto _ : state)
        if (floor_cycle_without_content(file.path.c_str()) != 0)
            state.SkipWithError("floor cycle failed");
}

void simple_lock_file_cycle(benchmark::State& state)
{
    bench_file file;
    for (auto _ : state) {
        lockfile::simple_lock_file lock(file.path);
        lock.close();
    }
}

} // namespace

// Interleaved repetitions, so that both sides see the same machine.
BENCHMARK(floor_with_content)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(lock_file_cycle)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(floor_without_content)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(simple_lock_file_cycle)->Repetitions(9)->ReportAggregatesOnly(true);

BENCHMARK_MAIN();
