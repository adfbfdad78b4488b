// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// fork(): a child's copy of a lock object, and the child's exit, never
// release the parent's lock; the parent can release and lock again while
// the child lives.
#define BOOST_TEST_MODULE fork
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

namespace {

// A forked child that runs `body`, then tells the parent (one byte on a
// pipe) and lives on until the parent lets it go.
class forked_child {
public:
    explicit forked_child(const std::function<char()>& body)
    {
        BOOST_REQUIRE(::pipe2(to_parent_, O_CLOEXEC) == 0 && ::pipe2(to_child_, O_CLOEXEC) == 0);
        pid_ = ::fork();
        BOOST_REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::close(to_parent_[0]);
            ::close(to_child_[1]); // or the child would never see the parent's close
            const char report = body();
            char go;
            if (::write(to_parent_[1], &report, 1) != 1 || ::read(to_child_[0], &go, 1) < 0)
                ::_exit(3);
            ::_exit(0); // no destructors, no test framework: the child's exit alone
        }
        ::close(to_parent_[1]);
        ::close(to_child_[0]);
    }

    char report()
    {
        char report = 0;
        BOOST_REQUIRE(::read(to_parent_[0], &report, 1) == 1);
        return report;
    }

    int release_and_wait()
    {
        ::close(to_child_[1]);
        int status = 0;
        BOOST_REQUIRE(::waitpid(pid_, &status, 0) == pid_);
        ::close(to_parent_[0]);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

private:
    pid_t pid_ = -1;
    int to_parent_[2] = {-1, -1};
    int to_child_[2] = {-1, -1};
};

// Whether another process gets the lock now: each family on its own, since
// a lock that lost one half must not pass for held.
bool flock_peer_can_lock(const boost::filesystem::path& path)
{
    const int status = lockfile_test::run({"flock", "-n", path.string(), "true"});
    BOOST_REQUIRE(status <= 1);
    return status == 0;
}

bool fcntl_peer_can_lock(const boost::filesystem::path& path)
{
    const int status = lockfile_test::run(lockfile_test::helper({"try", "--boost", path.string()}));
    BOOST_REQUIRE(status <= 1);
    return status == 0;
}

bool locked_for_both_families(const boost::filesystem::path& path)
{
    return !flock_peer_can_lock(path) && !fcntl_peer_can_lock(path);
}

} // namespace

BOOST_AUTO_TEST_CASE(child_closing_its_copy_keeps_the_parents_lock, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file lock(path);

    forked_child child([&] {
        // The child does not own the parent's lock: it cannot lock the file
        // either, and closing its copy must not unlock the parent's.
        boost::system::error_code ec;
        lockfile::lock_file again(path, ec);
        const bool refused = ec == lockfile::error::already_locked;
        lock.close();
        return refused ? 'r' : 'x';
    });
    BOOST_TEST(child.report() == 'r');
    BOOST_TEST(locked_for_both_families(path));
    BOOST_TEST(child.release_and_wait() == 0);
    BOOST_TEST(locked_for_both_families(path));
    lock.close();
    BOOST_TEST(flock_peer_can_lock(path));
    BOOST_TEST(fcntl_peer_can_lock(path));
}

BOOST_AUTO_TEST_CASE(parent_releases_and_relocks_while_the_child_lives,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file lock(path);

    forked_child child([] { return 'a'; }); // keeps its copy, alive
    BOOST_TEST(child.report() == 'a');

    lock.close();
    BOOST_TEST(flock_peer_can_lock(path)); // the child's copy holds nothing
    BOOST_TEST(fcntl_peer_can_lock(path));
    lockfile::lock_file relocked(path);
    BOOST_TEST(relocked.owns_lock());

    BOOST_TEST(child.release_and_wait() == 0); // its exit closes the shared descriptors
    BOOST_TEST(locked_for_both_families(path));
}

BOOST_AUTO_TEST_CASE(child_exit_keeps_the_parents_lock, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file lock(path);
    forked_child child([] { return 'a'; });
    BOOST_TEST(child.report() == 'a');
    BOOST_TEST(child.release_and_wait() == 0);
    BOOST_TEST(locked_for_both_families(path));
}

namespace {

struct pipe_pair {
    int read_end = -1;
    int write_end = -1;
    pipe_pair()
    {
        int fds[2];
        BOOST_REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        read_end = fds[0];
        write_end = fds[1];
    }
};

void say(int fd, char c)
{
    if (::write(fd, &c, 1) != 1)
        ::_exit(3);
}

char hear(int fd)
{
    char c = 0;
    return ::read(fd, &c, 1) == 1 ? c : 0;
}

// The child's side of the next two cases: says whether its copy owns the
// lock, waits for the word, says whether it can take the lock now, waits
// for the end. Never returns.
[[noreturn]] void child_after_fork(const lockfile::lock_file& copy,
                                   const boost::filesystem::path& path, pipe_pair& to_test,
                                   pipe_pair& to_child)
{
    ::close(to_test.read_end);
    ::close(to_child.write_end);
    say(to_test.write_end, copy.owns_lock() ? 'y' : 'n');
    hear(to_child.read_end);
    boost::system::error_code ec;
    lockfile::lock_file mine(path, ec);
    say(to_test.write_end, !ec ? 'g' : 'r');
    hear(to_child.read_end);
    ::_exit(0);
}

} // namespace

// After fork the child holds no part of the parent's lock: its copy does
// not own it, and once the parent released, the child takes the lock.
BOOST_AUTO_TEST_CASE(the_child_takes_the_lock_the_parent_released, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file lock(path);
    pipe_pair to_test, to_child;
    const pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0)
        child_after_fork(lock, path, to_test, to_child);
    ::close(to_test.write_end);
    ::close(to_child.read_end);
    BOOST_TEST(hear(to_test.read_end) == 'n');
    lock.close();
    BOOST_TEST(flock_peer_can_lock(path)); // the child's descriptors went at the fork
    BOOST_TEST(fcntl_peer_can_lock(path));
    say(to_child.write_end, 'g');
    BOOST_TEST(hear(to_test.read_end) == 'g');
    BOOST_TEST(locked_for_both_families(path)); // the child's own lock
    ::close(to_child.write_end);
    int status = 0;
    BOOST_TEST(::waitpid(child, &status, 0) == child);
    BOOST_TEST(status == 0);
    ::close(to_test.read_end);
}

// The daemonise pattern: lock, fork, the parent exits. The child, which
// lives on, holds no part of the lock: it is free for everyone, the child
// included.
BOOST_AUTO_TEST_CASE(the_lock_is_free_once_a_daemonising_parent_exits,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    pipe_pair to_test, to_child;
    const pid_t parent = ::fork();
    BOOST_REQUIRE(parent >= 0);
    if (parent == 0) {
        boost::system::error_code ec;
        lockfile::lock_file lock(path, ec);
        if (ec || ::fork() == 0)
            child_after_fork(lock, path, to_test, to_child); // the daemon
        ::_exit(0); // the parent exits holding the lock
    }
    ::close(to_test.write_end);
    ::close(to_child.read_end);
    int status = 0;
    BOOST_TEST(::waitpid(parent, &status, 0) == parent);
    BOOST_TEST(status == 0);
    BOOST_TEST(hear(to_test.read_end) == 'n');
    BOOST_TEST(flock_peer_can_lock(path));
    BOOST_TEST(fcntl_peer_can_lock(path));
    say(to_child.write_end, 'g');
    BOOST_TEST(hear(to_test.read_end) == 'g');
    ::close(to_child.write_end);
    BOOST_TEST(hear(to_test.read_end) == 0); // the daemon has gone
    ::close(to_test.read_end);
}
