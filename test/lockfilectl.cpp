// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl: exclusion with flock(1), zc.lockfile and itself, exit
// statuses, signal forwarding, the live waiting line, usage errors, status.
#define BOOST_TEST_MODULE lockfilectl
#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <signal.h>
#include <boost/algorithm/string/join.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <stdexcept>

#include <string>
#include <vector>

namespace {

std::vector<std::string> ctl(std::vector<std::string> args)
{
    args.insert(args.begin(), lockfile_test::argument("lockfilectl"));
    return args;
}

// Runs lockfilectl to its end: its exit status and everything it printed
// (standard error included).
struct result {
    int status;
    std::string output;
};

result run_ctl(std::vector<std::string> args)
{
    lockfile_test::child_process process(ctl(std::move(args)), {}, true);
    process.close_stdin();
    std::string output = process.read_to_end();
    return {process.wait(), output};
}

std::vector<lockfile_test::peer> peers()
{
    std::vector<lockfile_test::peer> chosen;
    for (const auto& peer : lockfile_test::flock_family())
        if (peer.name == "zc.lockfile" || peer.name == "flock(1)")
            chosen.push_back(peer);
    chosen.push_back({"lockfilectl",
                      [](const std::string& path) {
                          return ctl({"hold", path});
                      },
                      [](const std::string& path) {
                          return ctl({"run", "-n", path, "--", "true"});
                      }});
    return chosen;
}

} // namespace

BOOST_AUTO_TEST_CASE(run_and_each_peer_exclude_each_other, *boost::unit_test::timeout(60))
{
    for (const auto& peer : peers()) {
        BOOST_TEST_CONTEXT("peer " << peer.name)
        {
            lockfile_test::temp_dir dir;
            const std::string path = (dir.path / "f.lock").string();
            lockfile_test::child_process holder(peer.hold(path));
            BOOST_REQUIRE(holder.read_line() == "locked");
            BOOST_TEST(run_ctl({"run", "-n", path, "--", "true"}).status == 1);
            // Released when it ends of its own accord: flock(1) waits for the
            // command that holds its descriptor, where a SIGKILL would not.
            holder.close_stdin();
            BOOST_TEST(holder.wait() == 0);
            BOOST_TEST(run_ctl({"run", "-n", path, "--", "true"}).status == 0);

            lockfile_test::child_process running(
                ctl({"run", path, "--", "sh", "-c", "echo inside; exec cat"}));
            BOOST_REQUIRE(running.read_line() == "inside");
            BOOST_TEST(lockfile_test::run(peer.attempt(path)) == 1);
            running.close_stdin();
            BOOST_TEST(running.wait() == 0);
            BOOST_TEST(lockfile_test::run(peer.attempt(path)) == 0);
        }
    }
}

BOOST_AUTO_TEST_CASE(exit_statuses, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    BOOST_TEST(run_ctl({"run", path, "--", "sh", "-c", "exit 7"}).status == 7);
    BOOST_TEST(run_ctl({"run", path, "--", "sh", "-c", "kill -KILL $$"}).status == 128 + SIGKILL);
    BOOST_TEST(run_ctl({"run", path, "--", "no-such-command-here"}).status == 69); // as flock(1)

    auto holder = lockfile_test::hold_elsewhere(path, {"--template", "{pid};{hostname}"});
    const result conflict = run_ctl({"run", "-n", path, "--", "true"});
    BOOST_TEST(conflict.status == 1);
    BOOST_TEST(conflict.output == "lockfilectl: " + path + " is locked by pid " +
                                      std::to_string(holder.pid()) + " on " +
                                      lockfile_test::host_name() + "\n");
    BOOST_TEST(run_ctl({"run", "-n", "-E", "42", path, "--", "true"}).status == 42);
    BOOST_TEST(run_ctl({"run", "-w", "0.2", "--conflict-exit-code=5", path, "--", "true"}).status ==
               5);
}

BOOST_AUTO_TEST_CASE(signals_are_forwarded_to_the_command, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    for (const int signal : {SIGTERM, SIGINT, SIGHUP}) {
        BOOST_TEST_CONTEXT("signal " << signal)
        {
            // The command says what it got: lockfilectl itself must not die.
            lockfile_test::child_process running(
                ctl({"run", path, "--", "/usr/bin/python3", "-c",
                     // Blocked, then waited for: no window where it could be missed.
                     "import signal, sys\n"
                     "signal.pthread_sigmask(signal.SIG_BLOCK, [" +
                         std::to_string(signal) +
                         "])\n"
                         "print('started', flush=True)\n"
                         "signal.sigwait([" +
                         std::to_string(signal) +
                         "])\n"
                         "print('got it', flush=True)\n"
                         "sys.exit(3)\n"}));
            BOOST_REQUIRE(running.read_line() == "started");
            running.kill(signal);
            BOOST_TEST(running.read_line() == "got it");
            BOOST_TEST(running.wait() == 3);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_waiting_line_on_a_terminal, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    auto holder = lockfile_test::hold_elsewhere(path, {"--template", "{pid};{hostname}"});
    // script(1) gives lockfilectl a pseudo-terminal.
    lockfile_test::child_process waiting(
        {"script", "-qfec", lockfile_test::argument("lockfilectl") + " run " + path + " -- true",
         "/dev/null"});
    waiting.read_until("waiting for " + path + ": held by pid " + std::to_string(holder.pid()) +
                       " on " + lockfile_test::host_name() + ", ");
    waiting.read_until(" s"); // seconds, rewritten in place
    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
    BOOST_TEST(waiting.read_to_end().find("\033[K") != std::string::npos); // erased at the end
    BOOST_TEST(waiting.wait() == 0);
}

BOOST_AUTO_TEST_CASE(no_waiting_line_without_a_terminal_or_with_quiet,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    auto holder = lockfile_test::hold_elsewhere(path);
    const result piped = run_ctl({"run", "-w", "0.3", path, "--", "true"});
    BOOST_TEST(piped.status == 1);
    BOOST_TEST(piped.output.find("waiting") == std::string::npos);

    lockfile_test::child_process quiet(
        {"script", "-qfec",
         lockfile_test::argument("lockfilectl") + " run -q -w 0.3 " + path + " -- true",
         "/dev/null"});
    BOOST_TEST(quiet.read_to_end().empty());
    BOOST_TEST(quiet.wait() == 1);
}

BOOST_AUTO_TEST_CASE(bad_usage_and_hostile_paths, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    // flock(1)'s statuses (sysexits.h): 64 bad usage, 71 a timer it cannot set.
    const std::vector<std::pair<std::vector<std::string>, int>> bad = {
        {{}, 64},
        {{"frobnicate", path}, 64},
        {{"run", "--frobnicate", path, "--", "true"}, 64},
        {{"run", path, "--"}, 64},
        {{"run", path}, 64}, // one operand is a descriptor number
        {{"run", "-w", "soon", path, "--", "true"}, 64},
        {{"run", "-E", "300", path, "--", "true"}, 64},
        {{"run", "-o", "-F", path, "true"}, 64},
        {{"run", "-u", path, "true"}, 64}, // it would run the command without a lock
        {{"status", "--json"}, 64},
        {{"hold", "--json", path}, 64},
        {{"run", "-w", "-1", path, "--", "true"}, 71},
    };
    for (const auto& [args, status] : bad) {
        BOOST_TEST_CONTEXT("arguments " << boost::algorithm::join(args, " "))
        {
            const result r = run_ctl(args);
            BOOST_TEST(r.status == status);
            BOOST_TEST(r.output.rfind("lockfilectl: ", 0) == 0);
            if (status == 64)
                BOOST_TEST(r.output.find("usage: lockfilectl") != std::string::npos);
        }
    }
    BOOST_REQUIRE(::mkfifo((dir.path / "fifo").c_str(), 0666) == 0);
    BOOST_REQUIRE(::symlink(path.c_str(), (dir.path / "link").c_str()) == 0);
    for (const std::string& hostile : {(dir.path / "fifo").string(), (dir.path / "link").string(),
                                       (dir.path / "missing" / "f.lock").string(),
                                       std::string("/proc/self/comm")}) {
        BOOST_TEST_CONTEXT("path " << hostile)
        {
            const result r = run_ctl({"run", hostile, "--", "echo", "ran"});
            BOOST_TEST(r.status == 66); // flock(1)'s "cannot open lock file"
            BOOST_TEST(r.output.find("lockfilectl: Couldn't lock '" + hostile + "': ") == 0);
            BOOST_TEST(r.output.find("ran") == std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(killed_holder_releases, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    lockfile_test::child_process holder(ctl({"hold", path}));
    BOOST_REQUIRE(holder.read_line() == "locked");
    BOOST_TEST(lockfile_test::run({"flock", "-n", path, "true"}) == 1);
    holder.kill(SIGKILL);
    BOOST_TEST(holder.wait() == 128 + SIGKILL);
    BOOST_TEST(lockfile_test::run({"flock", "-n", path, "true"}) == 0);
}

BOOST_AUTO_TEST_CASE(status_says_who_and_how, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    const result missing = run_ctl({"status", path});
    BOOST_TEST(missing.status == 0);
    BOOST_TEST(missing.output.find(path + ": free") == 0);

    lockfile_test::child_process holder(ctl({"hold", "--shared", path}));
    BOOST_REQUIRE(holder.read_line() == "locked");
    const std::string pid = std::to_string(holder.pid());
    const result text = run_ctl({"status", path});
    BOOST_TEST(text.status == 1);
    BOOST_TEST(text.output.find(path + ": locked (shared) by pid " + pid) == 0);
    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);

    lockfile_test::child_process exclusive(ctl({"hold", path}));
    BOOST_REQUIRE(exclusive.read_line() == "locked");
    const std::string epid = std::to_string(exclusive.pid());
    const result json = run_ctl({"status", "--json", path});
    BOOST_TEST(json.status == 1);
    // Field by field (lockfilectl_status checks the whole object with a
    // strict JSON parser).
    BOOST_TEST(json.output.rfind("{\"path\":\"" + path + "\",", 0) == 0);
    BOOST_TEST(json.output.find("\"locked\":true,\"mode\":\"exclusive\",\"pids\":[" + epid +
                                "],\"pid\":" + epid + ",\"hostname\":\"" +
                                lockfile_test::host_name() + "\",\"content\":\" " + epid + ";" +
                                lockfile_test::host_name() + "\\n\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_and_version, *boost::unit_test::timeout(30))
{
    for (const char* command : {"run", "status", "hold"}) {
        const result help = run_ctl({command, "--help"});
        BOOST_TEST(help.status == 0);
        BOOST_TEST(help.output.find(std::string("lockfilectl ") + command) != std::string::npos);
        BOOST_TEST(help.output.find("SYNOPSIS") != std::string::npos);
        BOOST_TEST(help.output.find("EXIT STATUS") != std::string::npos);
    }
    BOOST_TEST(run_ctl({"--help"}).output.find("SYNOPSIS") != std::string::npos);
    const result version = run_ctl({"--version"});
    BOOST_TEST(version.status == 0);
    BOOST_TEST(version.output.rfind("lockfilectl ", 0) == 0);
}

namespace {

// Whether each peer of both families is refused the lock on path now.
void expect_held(const std::string& path)
{
    for (const auto& peer : peers())
        if (peer.name != "lockfilectl")
            BOOST_TEST(lockfile_test::run(peer.attempt(path)) == 1, peer.name << " got the lock");
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--boost", path})) == 1,
               "a fcntl peer got the lock");
}

void expect_free(const std::string& path)
{
    for (const auto& peer : peers())
        if (peer.name != "lockfilectl")
            BOOST_TEST(lockfile_test::run(peer.attempt(path)) == 0, peer.name << " was refused");
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--boost", path})) == 0,
               "a fcntl peer was refused");
}

// Waits until nobody holds the lock on path (by waiting for it).
void wait_until_free(const std::string& path)
{
    BOOST_TEST(lockfile_test::run({"flock", "-w", "20", path, "true"}) == 0);
}

} // namespace

// Whatever ends lockfilectl, its command keeps the lock (it holds the
// descriptor, as flock(1)'s command does); the other signals are forwarded
// to the command, which here blocks them and says that it got them.
BOOST_AUTO_TEST_CASE(the_command_keeps_the_lock_whatever_happens_to_lockfilectl,
                     *boost::unit_test::timeout(120))
{
    for (const int signal :
         {SIGKILL, SIGUSR1, SIGUSR2, SIGQUIT, SIGALRM, SIGPIPE, SIGTERM, SIGINT, SIGHUP}) {
        BOOST_TEST_CONTEXT("signal " << signal)
        {
            lockfile_test::temp_dir dir;
            const std::string path = (dir.path / "f.lock").string();
            const std::string number = std::to_string(signal);
            lockfile_test::child_process running(
                ctl({"run", path, "--", "/usr/bin/python3", "-c",
                     "import signal, sys\n"
                     "signal.pthread_sigmask(signal.SIG_BLOCK, [" + number + "])\n"
                     "print('started', flush=True)\n"
                     "if " + number + " != signal.SIGKILL:\n"
                     "    signal.sigwait([" + number + "])\n"
                     "    print('got it', flush=True)\n"
                     "sys.stdin.read()\n"
                     "print('done', flush=True)\n"}));
            BOOST_REQUIRE(running.read_line() == "started");
            running.kill(signal);
            if (signal == SIGKILL)
                BOOST_TEST(running.wait() == 128 + SIGKILL); // the command runs on
            else
                BOOST_TEST(running.read_line() == "got it");
            expect_held(path);
            running.close_stdin(); // the command's standard input: it ends
            BOOST_TEST(running.read_line() == "done");
            if (signal != SIGKILL)
                BOOST_TEST(running.wait() == 0); // lockfilectl lived on, and ends with it
            wait_until_free(path);
        }
    }
}

// A background job left by the command holds the descriptor, and the lock;
// with -o the command is given nothing.
BOOST_AUTO_TEST_CASE(a_background_job_keeps_the_lock_unless_close, *boost::unit_test::timeout(60))
{
    for (const bool close : {false, true}) {
        BOOST_TEST_CONTEXT("-o " << close)
        {
            lockfile_test::temp_dir dir;
            const std::string path = (dir.path / "f.lock").string();
            // The job waits for a writer of the FIFO to come and go.
            const std::string fifo = (dir.path / "fifo").string();
            BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
            std::vector<std::string> args = {"run", path, "sh", "-c",
                                             "cat \"$0\" >/dev/null & echo started", fifo};
            if (close)
                args.insert(args.begin() + 1, "-o");
            lockfile_test::child_process running(ctl(args));
            BOOST_REQUIRE(running.read_line() == "started");
            BOOST_TEST(running.wait() == 0); // lockfilectl and sh are gone, the job is not
            if (close)
                expect_free(path);
            else
                expect_held(path);
            const int writer = ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC); // once the job reads
            BOOST_REQUIRE(writer >= 0);
            ::close(writer); // the job ends
            wait_until_free(path);
        }
    }
}

// With -o the lock is lockfilectl's alone: if lockfilectl dies, so does
// the command, which never runs without the lock.
BOOST_AUTO_TEST_CASE(with_close_the_command_dies_with_lockfilectl, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    lockfile_test::child_process running(
        ctl({"run", "-o", path, "sh", "-c", "echo started; exec cat"}));
    BOOST_REQUIRE(running.read_line() == "started");
    expect_held(path);
    running.kill(SIGKILL);
    BOOST_TEST(running.read_to_end().empty()); // the output ends: cat is gone too
    BOOST_TEST(running.wait() == 128 + SIGKILL);
    expect_free(path);
}

// -F: the command is lockfilectl's own process, which keeps the lock.
BOOST_AUTO_TEST_CASE(no_fork_runs_the_command_in_the_locking_process,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    lockfile_test::child_process running(
        ctl({"run", "-F", path, "sh", "-c", "echo $$; exec cat"}));
    BOOST_TEST(running.read_line() == std::to_string(running.pid()));
    expect_held(path);
    running.close_stdin();
    BOOST_TEST(running.wait() == 0);
    expect_free(path);
}

// A timeout beyond what the clock holds waits (it once gave up at once).
BOOST_AUTO_TEST_CASE(a_huge_timeout_waits_for_the_lock, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    for (const char* timeout : {"1e10", "1e300", "inf"}) {
        BOOST_TEST_CONTEXT("-w " << timeout)
        {
            auto holder = lockfile_test::hold_elsewhere(path);
            lockfile_test::child_process waiting(
                ctl({"run", "-q", "-w", timeout, path, "echo", "got it"}));
            // Nothing for 2 s: it waits (reading is the only wait here).
            BOOST_CHECK_THROW(waiting.read_line(std::chrono::seconds(2)), std::runtime_error);
            holder.close_stdin();
            BOOST_TEST(holder.wait() == 0);
            BOOST_TEST(waiting.read_line() == "got it");
            BOOST_TEST(waiting.wait() == 0);
        }
    }
}

// Every option of the flock(1) on this machine is one of run's, and its
// page says so.
BOOST_AUTO_TEST_CASE(every_flock_option_is_documented, *boost::unit_test::timeout(30))
{
    lockfile_test::child_process flock_help({"flock", "--help"});
    const std::string theirs = flock_help.read_to_end();
    BOOST_REQUIRE(flock_help.wait() == 0);
    const std::string ours = run_ctl({"run", "--help"}).output;
    const std::regex long_option(R"(\s(--[a-z][a-z-]+))");
    int options = 0;
    for (std::sregex_iterator it(theirs.begin(), theirs.end(), long_option), end; it != end; ++it) {
        ++options;
        BOOST_TEST(ours.find((*it)[1].str()) != std::string::npos, (*it)[1].str() << " missing");
    }
    BOOST_TEST(options >= 12);
}
