// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Mutual exclusion on etcd under load: processes of three kinds (this
// library's API, lockfilectl run --etcd, etcdctl lock) run a journaled
// critical section a few hundred times on one NAME while holders of our
// kinds are killed by SIGKILL at random moments. The journal must show no
// overlap among holders that were not killed, the counter no lost update,
// and no one may deadlock. Fencing tokens increase across holders of the
// three kinds.
#define BOOST_TEST_MODULE etcd_stress
#include <boost/test/unit_test.hpp>

#include "support/etcd_parts.hpp"
#include "support/journal.hpp"

#include <signal.h>
#include <sys/stat.h>

#include <map>
#include <random>
#include <sstream>
#include <set>
#include <thread>

using lockfile_test::child_process;

namespace {

// The command that takes the lock on `name` as `kind` and runs what follows it.
std::string locker(const lockfile_test::etcd_cluster& etcd, const std::string& kind,
                   const std::string& name)
{
    if (kind == "api")
        return lockfile_test::argument("etcd_holder") + " " + etcd.endpoint_list() + " " + name +
               " 2 --";
    if (kind == "lockfilectl")
        return lockfile_test::argument("lockfilectl") + " run -q --etcd " + etcd.endpoint_list() +
               " --ttl 2 " + name + " --";
    return "ETCDCTL_API=3 etcdctl --endpoints=" + etcd.endpoint_list() + " lock " + name + " --";
}

// A shell loop that takes the lock `count` times (or forever with -1, then
// saying "in" once inside each section) and runs critical_section.sh under
// it, as `kind`.
std::vector<std::string> worker(const lockfile_test::etcd_cluster& etcd,
                                const lockfile_test::section_files& f, const std::string& kind,
                                const std::string& id, int count)
{
    return lockfile_test::shell_loop(locker(etcd, kind, "job"),
                                     lockfile_test::section_command(f, id, count < 0), count);
}

} // namespace

BOOST_AUTO_TEST_CASE(three_kinds_of_holders_with_random_kills, *boost::unit_test::timeout(300))
{
    lockfile_test::etcd_cluster etcd;
    lockfile_test::section_files f;
    const int rounds = 50;
    std::vector<child_process> workers;
    for (const char* kind : {"api", "api", "lockfilectl", "lockfilectl", "etcdctl", "etcdctl"})
        workers.emplace_back(worker(etcd, f, kind, kind + std::to_string(workers.size()), rounds));

    // Victims of our kinds, one after another, killed inside their
    // section at a random moment: a killed lockfilectl's section dies with
    // it (SIGKILL to its command), and the lease frees the name after its
    // TTL of 2 s.
    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> delay_us(0, 3000);
    std::set<std::string> killed;
    for (int round = 0; round < 8; ++round) {
        const std::string kind = round % 2 ? "api" : "lockfilectl";
        const std::string id = "victim-" + kind + std::to_string(round);
        // In a process group of its own, so that the holder it runs dies with it.
        auto argv = worker(etcd, f, kind, id, -1);
        argv.insert(argv.begin(), "setsid");
        child_process victim(argv);
        victim.read_until("in\n");
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random))); // chaos, not sync
        ::kill(-static_cast<pid_t>(victim.pid()), SIGKILL);
        BOOST_TEST(victim.wait() == 128 + SIGKILL);
        killed.insert(id);
    }
    for (auto& w : workers) {
        w.close_stdin();
        BOOST_TEST(w.wait() == 0); // nobody deadlocked
    }
    const lockfile_test::journal_summary summary = lockfile_test::read_journal(f.journal, killed);
    BOOST_TEST(summary.overlaps == 0);
    BOOST_TEST(summary.sections >= 6 * rounds);
    const int counter = std::stoi(lockfile_test::read_file(f.counter));
    BOOST_TEST_MESSAGE(summary.sections << " sections, counter " << counter << ", " << killed.size()
                                        << " holders killed");
    // No lost update: every finished section counted; a killed one may have
    // counted before it died.
    BOOST_TEST(counter >= summary.sections);
    BOOST_TEST(counter <= summary.sections + static_cast<int>(killed.size()));
}

// Fencing tokens strictly increase across 100 successive holders of three
// kinds contending for one NAME: each appends its token to a file inside
// its section, so the file's order is the order of holding. Ours are given
// LOCKFILE_FENCING_TOKEN; etcdctl's is its key's create revision.
BOOST_AUTO_TEST_CASE(fencing_tokens_increase_across_holders_of_three_kinds,
                     *boost::unit_test::timeout(300))
{
    lockfile_test::etcd_cluster etcd;
    lockfile_test::temp_dir dir;
    const std::string tokens = (dir.path / "tokens").string();
    const std::string append = (dir.path / "append_token.sh").string();
    lockfile_test::write_file(
        append, "#!/bin/sh\n"
                "token=$LOCKFILE_FENCING_TOKEN\n"
                "[ -n \"$ETCD_LOCK_KEY\" ] && token=$(ETCDCTL_API=3 etcdctl --endpoints=" +
                    etcd.endpoint_list() +
                    " get \"$ETCD_LOCK_KEY\" -w fields | sed -n 's/^\"CreateRevision\" : //p')\n"
                    "echo \"$1 $token\" >> " +
                    tokens + "\n");
    BOOST_REQUIRE(::chmod(append.c_str(), 0755) == 0);
    const int each = 34;
    std::vector<child_process> workers;
    for (const char* kind : {"api", "lockfilectl", "etcdctl"})
        workers.emplace_back(
            lockfile_test::shell_loop(locker(etcd, kind, "fenced"), append + " " + kind, each));
    for (auto& w : workers)
        BOOST_TEST(w.wait() == 0);

    std::istringstream lines(lockfile_test::read_file(tokens));
    std::map<std::string, int> holders;
    long long previous = 0;
    int increasing = 0, total = 0;
    for (std::string kind, token; lines >> kind >> token; ++total) {
        ++holders[kind];
        const long long value = std::stoll(token);
        increasing += value > previous;
        previous = value;
    }
    BOOST_TEST(total == 3 * each);
    BOOST_TEST(increasing == total);
    for (const char* kind : {"api", "lockfilectl", "etcdctl"})
        BOOST_TEST(holders[kind] == each);
}
