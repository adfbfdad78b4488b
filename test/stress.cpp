// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Mutual exclusion under load: processes of every kind (lock_file,
// async_acquire, lockfilectl, zc.lockfile, flock(1)) run a critical section
// thousands of times; the journal must show no overlap and the counter no
// lost update. Then the same with holders killed by SIGKILL at random
// moments: nothing deadlocks and the journal still shows no overlap.
#define BOOST_TEST_MODULE stress
#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/journal.hpp"
#include "support/test_env.hpp"

#include <signal.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

namespace {

struct files : lockfile_test::section_files {
    std::string lock = (dir.path / "stress.lock").string();
};

std::vector<std::string> worker(const files& f, const std::string& kind, const std::string& id,
                                int count)
{
    const std::string n = std::to_string(count);
    if (kind == "sync" || kind == "async")
        return {
            lockfile_test::argument("stress_worker"), kind, id, n, f.lock, f.journal, f.counter};
    if (kind == "zc")
        return {"/usr/bin/python3",
                lockfile_test::argument("python_peer.py"),
                "zc",
                "stress",
                f.lock,
                id,
                n,
                f.journal,
                f.counter};
    // The shell peers run critical_section.sh under the lock, n times.
    const std::string locker =
        kind == "flock" ? "flock " + f.lock
                        : lockfile_test::argument("lockfilectl") + " run -q " + f.lock + " --";
    return lockfile_test::shell_loop(locker, lockfile_test::section_command(f, id), count);
}

} // namespace

BOOST_AUTO_TEST_CASE(every_kind_of_holder_under_load, *boost::unit_test::timeout(600))
{
    files f;
    // Each process-spawning peer's iteration starts two or three processes:
    // they do fewer rounds, in parallel with the others.
    const std::vector<std::pair<std::string, int>> plan = {
        {"sync", 2000}, {"sync", 2000}, {"async", 2000},      {"async", 2000},
        {"zc", 2000},   {"flock", 500}, {"lockfilectl", 500}, {"sync", 2000},
    };
    std::vector<lockfile_test::child_process> workers;
    int expected = 0;
    for (std::size_t i = 0; i < plan.size(); ++i) {
        workers.emplace_back(
            worker(f, plan[i].first, plan[i].first + std::to_string(i), plan[i].second));
        expected += plan[i].second;
    }
    for (auto& w : workers) {
        w.close_stdin();
        BOOST_TEST(w.wait() == 0);
    }
    const lockfile_test::journal_summary summary = lockfile_test::read_journal(f.journal, {});
    BOOST_TEST(summary.overlaps == 0);
    BOOST_TEST(summary.sections == expected);
    BOOST_TEST(std::stoi(lockfile_test::read_file(f.counter)) == expected); // no lost update
}

BOOST_AUTO_TEST_CASE(holders_killed_at_random_moments, *boost::unit_test::timeout(600))
{
    files f;
    std::mt19937 random(std::random_device{}());
    std::vector<lockfile_test::child_process> survivors;
    for (const char* kind : {"sync", "async", "sync", "async"})
        survivors.emplace_back(worker(
            f, kind, std::string("survivor-") + kind + std::to_string(survivors.size()), 1000));
    // Victims run until killed, one after another, at random moments.
    std::set<std::string> killed;
    std::uniform_int_distribution<int> delay_ms(1, 30);
    std::uniform_int_distribution<int> kind(0, 1);
    for (int round = 0; round < 40; ++round) {
        const std::string id = "victim" + std::to_string(round);
        lockfile_test::child_process victim(
            worker(f, kind(random) ? "async" : "sync", id, 1000000));
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random))); // chaos, not sync
        victim.kill(SIGKILL);
        BOOST_TEST(victim.wait() == 128 + SIGKILL);
        killed.insert(id);
    }
    for (auto& survivor : survivors) {
        survivor.close_stdin();
        BOOST_TEST(survivor.wait() == 0); // nobody deadlocked
    }
    const lockfile_test::journal_summary summary = lockfile_test::read_journal(f.journal, killed);
    BOOST_TEST(summary.overlaps == 0);
    BOOST_TEST(summary.sections >= 4000); // every survivor's sections, and the victims' done ones
}
