// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl --etcd against a real etcd and `etcdctl lock`: the command's
// token and key, conflicts and their statuses, a lost lock ending the
// command, the lock outliving the command's foreground, SIGKILL of
// lockfilectl, status and hold, bad input.
#define BOOST_TEST_MODULE lockfilectl_etcd
#include <boost/test/unit_test.hpp>

#include "support/etcd_parts.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/filesystem/operations.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using json = nlohmann::json;
using lockfile_test::child_process;
using lockfile_test::eventually;

namespace {

std::vector<std::string> ctl(const std::string& command, const lockfile_test::etcd_cluster& etcd,
                             std::vector<std::string> args)
{
    args.insert(args.begin(),
                {lockfile_test::argument("lockfilectl"), command, "--etcd", etcd.endpoint_list()});
    return args;
}

struct result {
    int status;
    std::string output; // standard output and error
};

result finish(child_process& process)
{
    process.close_stdin();
    std::string output = process.read_to_end();
    return {process.wait(), output};
}

result run_ctl(std::vector<std::string> argv, const std::vector<std::string>& environment = {})
{
    child_process process(std::move(argv), environment, true);
    return finish(process);
}

bool process_gone(long pid)
{
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

// `etcdctl lock NAME` holding until the FIFO `release` is written.
child_process etcdctl_holding(const lockfile_test::etcd_cluster& etcd,
                              const boost::filesystem::path& release)
{
    BOOST_REQUIRE(::mkfifo(release.c_str(), 0600) == 0);
    auto holder =
        lockfile_test::etcdctl_lock(etcd, "job", "echo locked; cat '" + release.string() + "'");
    BOOST_REQUIRE(holder.read_line() == "locked");
    return holder;
}

} // namespace

BOOST_AUTO_TEST_CASE(run_gives_the_command_its_token_and_key, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    child_process run(
        ctl("run", etcd,
            {"job", "sh", "-c", "echo $LOCKFILE_FENCING_TOKEN $LOCKFILE_LOCK_KEY; read x; exit 7"}),
        {}, true);
    const std::string said = run.read_line();
    const auto queue = lockfile_test::etcd_queue(etcd, "job");
    BOOST_REQUIRE(queue.size() == 1u);
    BOOST_TEST(said == queue[0]["create_revision"].get<std::string>() + " " +
                           lockfile_test::key_of(queue[0]));
    run.write_line("done");
    BOOST_TEST(finish(run).status == 7);
    BOOST_TEST(lockfile_test::etcd_queue(etcd, "job").empty());
}

BOOST_AUTO_TEST_CASE(etcdctl_holds_we_are_refused_or_time_out, *boost::unit_test::timeout(90))
{
    lockfile_test::etcd_cluster etcd;
    lockfile_test::temp_dir dir;
    auto holder = etcdctl_holding(etcd, dir.path / "release");
    const std::string key = lockfile_test::key_of(lockfile_test::etcd_queue(etcd, "job").at(0));

    const result refused = run_ctl(ctl("run", etcd, {"-n", "job", "true"}));
    BOOST_TEST(refused.status == 1);
    BOOST_TEST(refused.output == "lockfilectl: job is locked by key " + key + "\n");
    BOOST_TEST(run_ctl(ctl("run", etcd, {"-n", "-E", "9", "job", "true"})).status == 9);
    BOOST_TEST(run_ctl(ctl("run", etcd, {"-q", "-w", "0.3", "job", "true"})).status == 1);
    BOOST_TEST(eventually([&] { return lockfile_test::etcd_queue(etcd, "job").size() == 1; }));

    const result status = run_ctl(ctl("status", etcd, {"job"}));
    BOOST_TEST(status.status == 1);
    BOOST_TEST(status.output.find("job: locked, key " + key) == 0, status.output);
    BOOST_TEST(status.output.find("content: none (etcdctl lock writes none)") != std::string::npos);
    const result as_json = run_ctl(ctl("status", etcd, {"--json", "job"}));
    const json object = json::parse(as_json.output);
    BOOST_TEST(object["locked"] == true);
    BOOST_TEST(object["key"] == key);
    BOOST_TEST(std::to_string(object["fencing_token"].get<std::int64_t>()) ==
               lockfile_test::etcd_queue(etcd, "job").at(0)["create_revision"]);
    BOOST_TEST(object["queue_length"] == 1);
    BOOST_TEST(object["content"] == "");

    lockfile_test::write_file(dir.path / "release", "");
    BOOST_TEST(holder.wait() == 0);
    const result free = run_ctl(ctl("status", etcd, {"job"}));
    BOOST_TEST(free.status == 0);
    BOOST_TEST(free.output == "job: free\n");
}

// The lease revoked while the command runs: SIGTERM to its process group,
// SIGKILL after --kill-after for one that ignores SIGTERM, the cause on
// standard error, exit status 75.
BOOST_AUTO_TEST_CASE(a_lost_lock_ends_the_command, *boost::unit_test::timeout(90))
{
    lockfile_test::etcd_cluster etcd;
    child_process polite(
        ctl("run", etcd,
            {"job", "sh", "-c", "trap 'echo TERM; exit 3' TERM; echo started; sleep 60 & wait"}),
        {}, true);
    BOOST_REQUIRE(polite.read_line() == "started");
    lockfile_test::revoke_lease_of(
        etcd, lockfile_test::key_of(lockfile_test::etcd_queue(etcd, "job").at(0)));
    const result ended = finish(polite);
    BOOST_TEST(ended.status == 75);
    BOOST_TEST(ended.output.find("TERM\n") != std::string::npos, ended.output);
    BOOST_TEST(ended.output.find("lockfilectl: lost the lock job: ") != std::string::npos);

    child_process stubborn(ctl("run", etcd,
                               {"--kill-after", "0.2", "job", "sh", "-c",
                                "trap '' TERM; echo $$; sleep 60; echo survived"}),
                           {}, true);
    const long group = std::stol(stubborn.read_line());
    lockfile_test::revoke_lease_of(
        etcd, lockfile_test::key_of(lockfile_test::etcd_queue(etcd, "job").at(0)));
    const result killed = finish(stubborn);
    BOOST_TEST(killed.status == 75);
    BOOST_TEST(killed.output.find("survived") == std::string::npos, killed.output);
    BOOST_TEST(eventually([&] { return ::kill(-static_cast<pid_t>(group), 0) != 0; }));
}

// What the command leaves running holds the lock as flock(1)'s descriptor
// would: lockfilectl releases it when the last of them ends.
BOOST_AUTO_TEST_CASE(the_lock_outlives_the_commands_foreground, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    lockfile_test::temp_dir dir;
    const auto release = dir.path / "release";
    BOOST_REQUIRE(::mkfifo(release.c_str(), 0600) == 0);
    child_process run(ctl("run", etcd,
                          {"job", "sh", "-c",
                           "cat '" + release.string() + "' >/dev/null 2>&1 </dev/null & echo $$"}),
                      {}, true);
    const long foreground = std::stol(run.read_line());
    BOOST_REQUIRE(eventually([&] { return process_gone(foreground); }));
    BOOST_TEST(lockfile_test::etcd_queue(etcd, "job").size() == 1u);
    lockfile_test::write_file(release, "");
    BOOST_TEST(finish(run).status == 0);
    BOOST_TEST(lockfile_test::etcd_queue(etcd, "job").empty());
}

// SIGKILL of lockfilectl: its command dies with it, and so does what the
// command started, and a waiting `etcdctl lock` holds within the lease's TTL
// and a second.
BOOST_AUTO_TEST_CASE(sigkill_of_lockfilectl_frees_the_name_within_its_ttl,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    child_process run(
        ctl("run", etcd, {"--ttl", "2", "job", "sh", "-c", "sleep 60 & echo $$ $!; wait"}), {},
        true);
    const std::string pids = run.read_line();
    const long command = std::stol(pids);
    const long started = std::stol(pids.substr(pids.find(' ')));
    auto waiter = lockfile_test::etcdctl_lock(etcd, "job", "echo got");
    BOOST_REQUIRE(eventually([&] { return lockfile_test::etcd_queue(etcd, "job").size() == 2; }));
    const auto killed_at = std::chrono::steady_clock::now();
    run.kill(SIGKILL);
    BOOST_TEST(run.wait() == 128 + SIGKILL);
    BOOST_TEST(eventually([&] { return process_gone(command) && process_gone(started); }));
    BOOST_TEST(waiter.read_line() == "got");
    const auto took = std::chrono::steady_clock::now() - killed_at;
    BOOST_TEST(std::chrono::duration<double>(took).count() <= 3.0);
    BOOST_TEST(waiter.wait() == 0);
}

BOOST_AUTO_TEST_CASE(hold_prints_its_token_and_releases_at_the_end_of_input,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    child_process hold(ctl("hold", etcd, {"job"}), {}, true);
    const std::string said = hold.read_line();
    const auto queue = lockfile_test::etcd_queue(etcd, "job");
    BOOST_REQUIRE(queue.size() == 1u);
    BOOST_TEST(said == "locked " + lockfile_test::key_of(queue[0]) + " fencing token " +
                           queue[0]["create_revision"].get<std::string>());
    BOOST_TEST(finish(hold).status == 0);
    BOOST_TEST(lockfile_test::etcd_queue(etcd, "job").empty());
}

// LOCKFILE_ETCD_ENDPOINTS stands for --etcd, except under the name flock,
// which keeps flock(1)'s meaning.
BOOST_AUTO_TEST_CASE(the_environment_names_the_endpoints, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    lockfile_test::temp_dir dir;
    const std::vector<std::string> environment = {"LOCKFILE_ETCD_ENDPOINTS=" +
                                                  etcd.endpoint_list()};
    const result status =
        run_ctl({lockfile_test::argument("lockfilectl"), "status", "job"}, environment);
    BOOST_TEST(status.status == 0);
    BOOST_TEST(status.output == "job: free\n");
    const auto flock = dir.path / "flock";
    // b2 gives a relative path: the link is elsewhere.
    boost::filesystem::create_symlink(
        boost::filesystem::absolute(lockfile_test::argument("lockfilectl")), flock);
    const auto file = dir.path / "job";
    BOOST_TEST(run_ctl({flock.string(), "-n", file.string(), "true"}, environment).status == 0);
    BOOST_TEST(boost::filesystem::exists(file));
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_with_a_reason, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    const result bad_url = run_ctl({lockfile_test::argument("lockfilectl"), "run", "--etcd",
                                    "http://127.0.0.1:2379,ftp://x", "job", "true"});
    BOOST_TEST(bad_url.status == 64);
    BOOST_TEST(bad_url.output.find("'ftp://x'") != std::string::npos, bad_url.output);

    // A port that nothing listens on: refused, within the request timeout.
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor closed(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    const std::string nowhere =
        "http://127.0.0.1:" + std::to_string(closed.local_endpoint().port());
    closed.close();
    const result unreachable =
        run_ctl({lockfile_test::argument("lockfilectl"), "run", "--etcd", nowhere, "job", "true"});
    BOOST_TEST(unreachable.status == 69);
    BOOST_TEST(unreachable.output.find(nowhere) != std::string::npos, unreachable.output);
    BOOST_TEST(run_ctl({lockfile_test::argument("lockfilectl"), "status", "--etcd", nowhere, "job"})
                   .status == 2);

    BOOST_TEST(run_ctl(ctl("run", etcd, {"", "true"})).status == 65);
    BOOST_TEST(run_ctl(ctl("run", etcd, {"--content", "{user}", "job", "true"})).status == 65);
    for (const std::vector<std::string>& usage :
         {std::vector<std::string>{"--ttl", "0", "job", "true"},
          {"--ttl", "1.5", "job", "true"},
          {"--kill-after", "-1", "job", "true"},
          {"-s", "job", "true"},
          {"-o", "job", "true"},
          {"job"}}) {
        const result r = run_ctl(ctl("run", etcd, usage));
        BOOST_TEST(r.status == 64, r.output);
    }
    BOOST_TEST(lockfile_test::etcd_queue(etcd, "job").empty());
}
