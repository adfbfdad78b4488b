// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A failure after the lock was taken (writing the content, refused by
// RLIMIT_FSIZE or by an injected ENOSPC or EIO) releases the lock before the
// error reaches the caller; a failing close(2) is reported.
#define BOOST_TEST_MODULE failed_write
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>
#include <lockfile/simple_lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <fcntl.h>
#include <signal.h>
#include <cerrno>
#include <cstring>
#include <boost/filesystem/operations.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

bool another_process_can_lock(const boost::filesystem::path& path, const char* family)
{
    std::vector<std::string> args{"try"};
    if (std::string(family) == "fcntl")
        args.push_back("--boost");
    args.push_back(path.string());
    const int status = lockfile_test::run(lockfile_test::helper(args));
    BOOST_REQUIRE(status <= 1);
    return status == 0;
}

// How many descriptors of process pid name path.
int descriptors_of(long pid, const boost::filesystem::path& path)
{
    int count = 0;
    const auto fds = boost::filesystem::path("/proc") / std::to_string(pid) / "fd";
    for (const auto& entry : boost::filesystem::directory_iterator(fds)) {
        boost::system::error_code ec;
        count += boost::filesystem::read_symlink(entry.path(), ec) == path ? 1 : 0;
    }
    return count;
}

} // namespace

BOOST_AUTO_TEST_CASE(content_write_failure_releases_the_lock, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile_test::write_file(path, ""); // exists, so that only the write needs space

    int to_parent[2], to_child[2];
    BOOST_REQUIRE(::pipe2(to_parent, O_CLOEXEC) == 0 && ::pipe2(to_child, O_CLOEXEC) == 0);
    const pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        ::close(to_parent[0]);
        ::close(to_child[1]);
        // No file may grow in this process: the content write fails (EFBIG).
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit no_growth{0, 0};
        ::setrlimit(RLIMIT_FSIZE, &no_growth);
        boost::system::error_code ec;
        lockfile::lock_file lock(path, ec);
        const char failed =
            ec == boost::system::errc::file_too_large && !lock.owns_lock() ? 'f' : 'x';
        char go = 0;
        if (::write(to_parent[1], &failed, 1) != 1 || ::read(to_child[0], &go, 1) != 1)
            ::_exit(3);
        // Released in this process too: a lock that writes nothing succeeds.
        boost::system::error_code again;
        lockfile::simple_lock_file simple(path, again);
        const char relocked = again ? 'x' : 'r';
        ::_exit(::write(to_parent[1], &relocked, 1) == 1 ? 0 : 3);
    }
    ::close(to_parent[1]);
    ::close(to_child[0]);

    char report = 0;
    BOOST_REQUIRE(::read(to_parent[0], &report, 1) == 1);
    BOOST_TEST(report == 'f');
    // The child is alive and reported the failure: its kernel locks are gone.
    BOOST_TEST(another_process_can_lock(path, "flock"));
    BOOST_TEST(another_process_can_lock(path, "fcntl"));

    BOOST_REQUIRE(::write(to_child[1], "g", 1) == 1);
    BOOST_REQUIRE(::read(to_parent[0], &report, 1) == 1);
    BOOST_TEST(report == 'r');
    int status = 0;
    BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
    BOOST_TEST(WIFEXITED(status));
}

BOOST_AUTO_TEST_CASE(injected_write_faults_release_the_lock, *boost::unit_test::timeout(30))
{
    // The content write fails (a full disk, an I/O error) in a helper that
    // lives on after reporting it: while it lives, both lock families are free.
    for (const int fault : {ENOSPC, EIO}) {
        BOOST_TEST_CONTEXT("errno " << fault)
        {
            lockfile_test::temp_dir dir;
            const auto path = dir.path / "f.lock";
            lockfile_test::write_file(path, "kept");
            lockfile_test::child_process failing(
                lockfile_test::helper({"hold", "--linger", path.string()}),
                lockfile_test::with_fault_shim(
                    {"LOCKFILE_SHIM_PWRITE_ERRNO=" + std::to_string(fault)}));
            BOOST_TEST(failing.read_line() == "error: " + std::string(std::strerror(fault)));
            BOOST_TEST(lockfile_test::read_file(path) == "kept"); // nothing truncated
            BOOST_TEST(descriptors_of(failing.pid(), path) == 0); // nothing leaked
            BOOST_TEST(another_process_can_lock(path, "flock"));
            BOOST_TEST(another_process_can_lock(path, "fcntl"));
            failing.close_stdin();
            BOOST_TEST(failing.wait() == 2);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_failing_close_is_reported, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile_test::child_process holder(
        lockfile_test::helper({"hold", path.string()}),
        lockfile_test::with_fault_shim({"LOCKFILE_SHIM_CLOSE_ERRNO=" + std::to_string(EIO)}));
    BOOST_REQUIRE(holder.read_line() == "locked");
    BOOST_TEST(!another_process_can_lock(path, "flock"));
    holder.close_stdin();
    BOOST_TEST(holder.read_line() ==
               "error: Couldn't unlock '" + path.string() + "': " + std::strerror(EIO));
    BOOST_TEST(holder.wait() == 2);
    BOOST_TEST(another_process_can_lock(path, "flock"));
    BOOST_TEST(another_process_can_lock(path, "fcntl"));
}
