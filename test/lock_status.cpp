// query_lock: whether a file is locked, in which mode and by whom, in
// either lock family, without opening or locking it.
#define BOOST_TEST_MODULE lock_status
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>
#include <lockfile/lock_status.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <algorithm>

namespace {

bool has_pid(const lockfile::lock_status& status, long pid)
{
    return std::find(status.pids.begin(), status.pids.end(), pid) != status.pids.end();
}

} // namespace

BOOST_AUTO_TEST_CASE(free_and_held_by_this_process, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile_test::write_file(path, "");
    BOOST_TEST(!lockfile::query_lock(path).locked);

    lockfile::lock_file lock(path);
    const auto status = lockfile::query_lock(path);
    BOOST_TEST(status.locked);
    BOOST_TEST(status.mode == lockfile::lock_mode::exclusive);
    BOOST_TEST(has_pid(status, lockfile_test::process_id()));
    // Asking did not drop the lock.
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--boost", path.string()})) == 1);
}

BOOST_AUTO_TEST_CASE(held_by_each_family_and_mode, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    const struct {
        const char* name;
        std::vector<std::string> options;
        lockfile::lock_mode mode;
    } holders[] = {
        {"lockfile", {}, lockfile::lock_mode::exclusive},
        {"lockfile shared", {"--shared"}, lockfile::lock_mode::shared},
        {"boost (fcntl only)", {"--boost"}, lockfile::lock_mode::exclusive},
    };
    for (const auto& holder : holders) {
        BOOST_TEST_CONTEXT(holder.name)
        {
            auto other = lockfile_test::hold_elsewhere(path, holder.options);
            const auto status = lockfile::query_lock(path);
            BOOST_TEST(status.locked);
            BOOST_TEST(status.mode == holder.mode);
            BOOST_TEST(has_pid(status, other.pid()));
        }
    }
    lockfile_test::child_process flock_holder(
        {"flock", path.string(), "-c", "echo locked; exec cat >/dev/null"});
    BOOST_REQUIRE(flock_holder.read_line() == "locked");
    const auto status = lockfile::query_lock(path);
    BOOST_TEST(status.locked); // flock family only
    BOOST_TEST(has_pid(status, flock_holder.pid()));
}

BOOST_AUTO_TEST_CASE(errors_name_the_path, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    boost::system::error_code ec;
    lockfile::query_lock(dir.path / "missing", ec);
    BOOST_TEST(ec == boost::system::errc::no_such_file_or_directory);
    BOOST_CHECK_THROW(lockfile::query_lock(dir.path / "missing"), lockfile::lock_error);
}
