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
