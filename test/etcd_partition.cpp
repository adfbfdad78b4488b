// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A holder cut off from etcd by a network partition: holders run in a
// network namespace of their own, joined to the host (where etcd and the
// waiters are) by a veth pair with link-local addresses, and the link is
// taken down. The holder's lost signal fires and lockfilectl's command gets
// SIGTERM, both before a waiter on the host gets the lock (the times are
// taken as the lines arrive here, on one clock). Needs root (ip netns).
#define BOOST_TEST_MODULE etcd_partition
#include <boost/test/unit_test.hpp>

#include "support/etcd_parts.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace std::chrono_literals;
using lockfile_test::child_process;
using lockfile_test::etcd_clock;

namespace {

void ip(const std::string& arguments)
{
    const std::string command = "ip " + arguments;
    BOOST_REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
}

// A network namespace with a veth pair to the host, link-local addresses
// 169.254.N.1 (host) and 169.254.N.2 (namespace); deleted, with its pair,
// at the end.
struct partitionable_namespace {
    const std::string suffix = std::to_string(::getpid());
    const std::string name = "lockfile-test-" + suffix;
    const std::string host_link = "lfh" + suffix;
    const std::string octet = std::to_string(::getpid() % 250 + 1);
    const std::string host_address = "169.254." + octet + ".1";

    partitionable_namespace()
    {
        remove_leftovers();
        ip("netns add " + name);
        ip("link add " + host_link + " type veth peer name lfn" + suffix);
        ip("link set lfn" + suffix + " netns " + name);
        ip("addr add " + host_address + "/30 dev " + host_link);
        ip("link set " + host_link + " up");
        ip("-n " + name + " addr add 169.254." + octet + ".2/30 dev lfn" + suffix);
        ip("-n " + name + " link set lfn" + suffix + " up");
        ip("-n " + name + " link set lo up");
    }
    ~partitionable_namespace()
    {
        // The pair goes with either end; the namespace itself only once no
        // process is left in it, so the host's end is deleted first.
        for (const std::string& command :
             {"ip link delete " + host_link, "ip netns delete " + name})
            if (std::system(command.c_str()) != 0)
                BOOST_TEST_MESSAGE("failed: " << command);
    }

    // A test case cut short by its timeout skips destructors: the
    // namespaces and links of test processes that are gone are deleted here.
    static void remove_leftovers()
    {
        std::FILE* list = ::popen("ip netns list", "r");
        BOOST_REQUIRE(list);
        char line[256];
        std::vector<std::string> dead;
        while (std::fgets(line, sizeof line, list)) {
            const std::string entry = line;
            if (entry.rfind("lockfile-test-", 0) != 0)
                continue;
            const long pid = std::strtol(entry.c_str() + 14, nullptr, 10);
            if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
                dead.push_back(std::to_string(pid));
        }
        ::pclose(list);
        for (const std::string& pid : dead)
            for (const std::string& command : {"ip link delete lfh" + pid + " 2>/dev/null",
                                               "ip netns delete lockfile-test-" + pid})
                if (std::system(command.c_str()) != 0)
                    BOOST_TEST_MESSAGE("failed: " << command);
    }

    // argv run inside the namespace.
    std::vector<std::string> inside(std::vector<std::string> argv) const
    {
        argv.insert(argv.begin(), {"ip", "netns", "exec", name});
        return argv;
    }

    void cut() const { ip("link set " + host_link + " down"); }
};

// The line `process` prints next, and when it arrived.
std::pair<std::string, etcd_clock::time_point> timed_line(child_process& process)
{
    std::string line = process.read_line(20s);
    return {line, etcd_clock::now()};
}

// The output up to `text`, and when `text` arrived.
std::pair<std::string, etcd_clock::time_point> timed_line_until(child_process& process,
                                                                const std::string& text)
{
    std::string output = process.read_until(text, 20s);
    return {output, etcd_clock::now()};
}

} // namespace

// ip netns needs root: elsewhere the case is reported as skipped.
boost::test_tools::assertion_result running_as_root(boost::unit_test::test_unit_id)
{
    boost::test_tools::assertion_result root(::geteuid() == 0);
    root.message() << "ip netns needs root";
    return root;
}

BOOST_AUTO_TEST_CASE(a_cut_off_holder_knows_before_anyone_else_holds,
                     *boost::unit_test::timeout(90) *
                         boost::unit_test::precondition(running_as_root))
{
    const partitionable_namespace ns;
    lockfile_test::etcd_cluster etcd(1, ns.host_address);
    const std::string through_veth = etcd.endpoint_on(ns.host_address);

    // In the namespace: a holder of the API, and lockfilectl running a
    // command that says when it gets SIGTERM.
    child_process holder(
        ns.inside({lockfile_test::argument("etcd_holder"), through_veth, "api-job", "3"}));
    BOOST_REQUIRE(holder.read_line().rfind("locked ", 0) == 0);
    child_process ctl(ns.inside({lockfile_test::argument("lockfilectl"), "run", "--etcd",
                                 through_veth, "--ttl", "3", "ctl-job", "sh", "-c",
                                 "trap 'echo TERM; exit 0' TERM; echo started; sleep 60 & wait"}),
                      {}, true);
    BOOST_REQUIRE(ctl.read_line() == "started");

    // On the host: a waiter for each.
    child_process api_waiter(
        {lockfile_test::argument("etcd_holder"), etcd.endpoint_list(), "api-job", "3"});
    child_process ctl_waiter(
        {lockfile_test::argument("etcd_holder"), etcd.endpoint_list(), "ctl-job", "3"});
    BOOST_REQUIRE(lockfile_test::eventually([&] {
        return lockfile_test::etcd_queue(etcd, "api-job").size() == 2 &&
               lockfile_test::etcd_queue(etcd, "ctl-job").size() == 2;
    }));

    ns.cut();
    const auto cut_at = etcd_clock::now();
    const auto lost = timed_line(holder);
    const auto term = timed_line_until(ctl, "TERM");
    const auto api_next = timed_line(api_waiter);
    const auto ctl_next = timed_line(ctl_waiter);
    BOOST_TEST(lost.first.rfind("lost ", 0) == 0, lost.first);
    BOOST_TEST(term.first.find("lockfilectl: lost the lock ctl-job: ") != std::string::npos,
               term.first);
    BOOST_TEST(api_next.first.rfind("locked ", 0) == 0, api_next.first);
    BOOST_TEST(ctl_next.first.rfind("locked ", 0) == 0, ctl_next.first);
    BOOST_TEST((lost.second < api_next.second));
    BOOST_TEST((term.second < ctl_next.second));
    const auto ms = [&](etcd_clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(t - cut_at).count();
    };
    BOOST_TEST_MESSAGE("after the cut: lost at " << ms(lost.second) << " ms, TERM at "
                                                 << ms(term.second) << " ms, next holders at "
                                                 << ms(api_next.second) << " and "
                                                 << ms(ctl_next.second) << " ms");
    ctl.read_to_end();
    BOOST_TEST(ctl.wait() == 75);
    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
    api_waiter.close_stdin();
    ctl_waiter.close_stdin();
    BOOST_TEST(api_waiter.wait() == 0);
    BOOST_TEST(ctl_waiter.wait() == 0);
}
