// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The standby_server example with --etcd: an active/standby pair on one
// etcd lock NAME. The standby takes over within the TTL of the active's
// death with a greater fencing token; an active that loses its lock stops
// serving.
#define BOOST_TEST_MODULE standby_etcd
#include <boost/test/unit_test.hpp>

#include "support/etcd_parts.hpp"

#include <boost/filesystem/operations.hpp>

#include <signal.h>

#include <chrono>
#include <string>

using lockfile_test::child_process;

#if !defined(LOCKFILE_TEST_NO_COROUTINES) // standby_server is not built without them
namespace {

child_process standby_server(const lockfile_test::etcd_cluster& etcd)
{
    return child_process({lockfile_test::argument("standby_server"), "--etcd", etcd.endpoint_list(),
                          "--ttl", "2", "service"});
}

// "serving as pid P with fencing token T": T, after checking P.
long long token_of_serving(child_process& server)
{
    const std::string line = server.read_line();
    const std::string serving =
        "serving as pid " + std::to_string(server.pid()) + " with fencing token ";
    BOOST_REQUIRE_MESSAGE(line.rfind(serving, 0) == 0, line);
    return std::stoll(line.substr(serving.size()));
}

} // namespace

BOOST_AUTO_TEST_CASE(the_standby_takes_over_within_the_ttl, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    child_process active = standby_server(etcd);
    const long long first_token = token_of_serving(active);
    child_process standby = standby_server(etcd);
    BOOST_TEST(standby.read_line() == "standby: service is held by pid " +
                                          std::to_string(active.pid()) + " on " +
                                          lockfile_test::host_name());
    const auto killed_at = std::chrono::steady_clock::now();
    active.kill(SIGKILL);
    BOOST_TEST(active.wait() == 128 + SIGKILL);
    BOOST_TEST(token_of_serving(standby) > first_token);
    const auto took = std::chrono::steady_clock::now() - killed_at;
    BOOST_TEST(std::chrono::duration<double>(took).count() <= 3.0); // TTL 2 s, and 1 s
    standby.kill(SIGTERM);
    BOOST_TEST(standby.read_line() == "stopping");
    BOOST_TEST(standby.wait() == 0);
    BOOST_TEST(lockfile_test::etcd_queue(etcd, "service").empty());
}

BOOST_AUTO_TEST_CASE(an_active_that_loses_its_lock_stops_serving, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    child_process active = standby_server(etcd);
    token_of_serving(active);
    lockfile_test::revoke_lease_of(
        etcd, lockfile_test::key_of(lockfile_test::etcd_queue(etcd, "service").at(0)));
    BOOST_TEST(active.read_line().rfind("lost the lock: ", 0) == 0);
    BOOST_TEST(active.read_line() == "stopping");
    BOOST_TEST(active.wait() == 1);
}

BOOST_AUTO_TEST_CASE(a_standby_stops_on_sigterm, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    child_process active = standby_server(etcd);
    token_of_serving(active);
    child_process standby = standby_server(etcd);
    BOOST_REQUIRE(standby.read_line().rfind("standby:", 0) == 0);
    standby.kill(SIGTERM);
    BOOST_TEST(standby.read_line() == "stopping");
    BOOST_TEST(standby.wait() == 0);
    BOOST_TEST(lockfile_test::etcd_queue(etcd, "service").size() == 1u); // the active's alone
    active.kill(SIGTERM);
    BOOST_TEST(active.read_line() == "stopping");
    BOOST_TEST(active.wait() == 0);
}
#else
// The suite needs a test case: this one checks that the example is indeed
// left out of this build (cmake/coroutines.cmake), not merely skipped here.
BOOST_AUTO_TEST_CASE(standby_server_is_not_built_without_coroutines, *boost::unit_test::timeout(10))
{
    BOOST_TEST(!boost::filesystem::exists(lockfile_test::argument("standby_server")));
}
#endif
