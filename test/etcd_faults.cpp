// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Holders that pause and clusters that lose their leader, with real etcd and
// holder processes (helper/etcd_holder.cpp): a paused holder's lock passes
// on, the holder reports the loss when it runs again, and its fencing token
// is refused by the resource; a leader killed while a lock is held and
// waiters wait loses nothing and keeps the order.
#define BOOST_TEST_MODULE etcd_faults
#include <boost/test/unit_test.hpp>

#include "support/etcd_parts.hpp"

#include <signal.h>

#include <string>

using namespace std::chrono_literals;
using json = nlohmann::json;
using lockfile_test::child_process;
using lockfile_test::eventually;

namespace {

struct holder_process {
    child_process process;
    long long token = 0;
    std::string key;
};

// etcd_holder on "job", once it holds it.
holder_process start_holder(const lockfile_test::etcd_cluster& etcd, std::chrono::seconds ttl)
{
    holder_process holder{child_process({lockfile_test::argument("etcd_holder"),
                                         etcd.endpoint_list(), "job", std::to_string(ttl.count())}),
                          0,
                          {}};
    const std::string line = holder.process.read_line();
    BOOST_REQUIRE_MESSAGE(line.rfind("locked ", 0) == 0, line);
    const auto space = line.find(' ', 7);
    holder.token = std::stoll(line.substr(7, space - 7));
    holder.key = line.substr(space + 1);
    return holder;
}

std::string ask(child_process& holder, const std::string& command)
{
    holder.write_line(command);
    return holder.read_line();
}

std::size_t queue_length(const lockfile_test::etcd_cluster& etcd)
{
    return lockfile_test::etcd_queue(etcd, "job").size();
}

// The seconds the lease of the lock key NAME/<lease id in hex> has left, as
// etcd's leader says (-1 once it is gone).
long long lease_left(const lockfile_test::etcd_cluster& etcd, std::size_t member,
                     const std::string& key)
{
    const json answer = json::parse(
        lockfile_test::etcd_request(etcd.endpoints().at(member), "/v3/lease/timetolive",
                                    json{{"ID", lockfile_test::lease_id_of(key)}}.dump()));
    return std::stoll(answer.value("TTL", "-1"));
}

} // namespace

// SIGSTOP past the TTL: the lease expires on the server, the next holder
// gets the lock with a greater token and writes; after SIGCONT the paused
// holder says it lost the lock, owns_lock() is false, and its write with
// its old token is refused.
BOOST_AUTO_TEST_CASE(a_paused_holder_is_fenced_off, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    holder_process paused = start_holder(etcd, 2s);
    BOOST_TEST(ask(paused.process, "write resource") == "written");
    paused.process.kill(SIGSTOP);
    BOOST_REQUIRE(eventually([&] { return queue_length(etcd) == 0; })); // the lease expired

    holder_process next = start_holder(etcd, 10s);
    BOOST_TEST(next.token > paused.token);
    BOOST_TEST(ask(next.process, "write resource") == "written");

    paused.process.kill(SIGCONT);
    BOOST_TEST(paused.process.read_line(5s).rfind("lost ", 0) == 0);
    BOOST_TEST(ask(paused.process, "owns") == "owns 0");
    BOOST_TEST(ask(paused.process, "write resource") == "refused");
    BOOST_TEST(ask(next.process, "owns") == "owns 1");
    next.process.close_stdin();
    BOOST_TEST(next.process.wait() == 0);
    BOOST_TEST(queue_length(etcd) == 0u);
}

// Three members; SIGKILL to the leader while one process holds the lock
// and two wait: the holder keeps its lock (its lease is renewed through
// the others), the waiters keep their places, and are served in order.
BOOST_AUTO_TEST_CASE(the_leaders_death_loses_nothing, *boost::unit_test::timeout(90))
{
    lockfile_test::etcd_cluster etcd(3);
    holder_process holder = start_holder(etcd, 5s);
    child_process first({lockfile_test::argument("etcd_holder"), etcd.endpoint_list(), "job", "5"});
    BOOST_REQUIRE(eventually([&] { return queue_length(etcd) == 2; }));
    child_process second(
        {lockfile_test::argument("etcd_holder"), etcd.endpoint_list(), "job", "5"});
    BOOST_REQUIRE(eventually([&] { return queue_length(etcd) == 3; }));
    const auto queue_before = lockfile_test::etcd_queue(etcd, "job");

    const std::size_t leader = etcd.leader();
    etcd.kill(leader);
    const std::size_t survivor = leader == 0 ? 1 : 0;
    // A keep-alive renewed the lease after the leader's death: its time
    // left went up again.
    long long left = -1;
    BOOST_REQUIRE(eventually([&] {
        try {
            const long long now = lease_left(etcd, survivor, holder.key);
            const bool renewed = left > 0 && now > left;
            left = now;
            return renewed;
        } catch (const std::runtime_error&) {
            return false; // no leader yet
        }
    }));
    BOOST_TEST(ask(holder.process, "owns") == "owns 1");
    BOOST_TEST(ask(holder.process, "write resource") == "written");
    const auto queue_after = lockfile_test::etcd_queue(etcd, "job");
    BOOST_REQUIRE(queue_after.size() == queue_before.size());
    for (std::size_t i = 0; i < queue_after.size(); ++i)
        BOOST_TEST(queue_after[i]["key"] == queue_before[i]["key"]);

    holder.process.close_stdin();
    BOOST_TEST(holder.process.wait() == 0);
    const std::string first_line = first.read_line();
    BOOST_TEST(first_line.rfind("locked ", 0) == 0, first_line);
    BOOST_TEST(queue_length(etcd) == 2u); // the second still waits
    BOOST_TEST(std::stoll(first_line.substr(7)) > holder.token);
    first.close_stdin();
    BOOST_TEST(first.wait() == 0);
    const std::string second_line = second.read_line();
    BOOST_TEST(second_line.rfind("locked ", 0) == 0, second_line);
    BOOST_TEST(std::stoll(second_line.substr(7)) > std::stoll(first_line.substr(7)));
    second.close_stdin();
    BOOST_TEST(second.wait() == 0);
}
