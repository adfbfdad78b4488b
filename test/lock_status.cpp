// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// query_lock: whether a file is locked, in which mode and by whom, in
// either lock family, without opening or locking it.
#define BOOST_TEST_MODULE lock_status
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>
#include <lockfile/lock_status.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/filesystem/operations.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <string>

namespace {

bool has_pid(const lockfile::lock_status& status, long pid)
{
    return std::find(status.pids.begin(), status.pids.end(), pid) != status.pids.end();
}

// What lock_file says about path (it must fail there).
boost::system::error_code lock_error_of(const boost::filesystem::path& path)
{
    boost::system::error_code ec;
    lockfile::lock_file lock(path, ec);
    BOOST_TEST(!lock.owns_lock());
    return ec;
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
    const auto path = dir.path / "no-such-dir" / "f.lock";
    boost::system::error_code ec;
    lockfile::query_lock(path, ec);
    BOOST_TEST(ec == boost::system::errc::no_such_file_or_directory);
    try {
        lockfile::query_lock(path);
        BOOST_FAIL("no exception");
    } catch (const lockfile::lock_error& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "Couldn't query '" + path.string() + "': " + e.code().message());
    }
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_free_and_not_created, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    boost::system::error_code ec = make_error_code(boost::system::errc::io_error);
    BOOST_TEST(!lockfile::query_lock(path, ec).locked);
    BOOST_TEST(!ec);
    BOOST_TEST(!lockfile::query_lock(path).locked);
    BOOST_TEST(!boost::filesystem::exists(path));
}

BOOST_AUTO_TEST_CASE(a_symlink_to_a_held_file_is_an_error_not_free, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto target = dir.path / "target.lock";
    const auto link = dir.path / "f.lock";
    lockfile_test::child_process flock_holder(
        {"flock", target.string(), "-c", "echo locked; exec cat >/dev/null"});
    BOOST_REQUIRE(flock_holder.read_line() == "locked");
    boost::filesystem::create_symlink(target, link);

    boost::system::error_code ec;
    const auto status = lockfile::query_lock(link, ec);
    BOOST_TEST(!status.locked);
    BOOST_TEST(ec == lock_error_of(link)); // ELOOP today
    BOOST_TEST(!!ec);
    BOOST_TEST(lockfile::query_lock(target).locked);
}

BOOST_AUTO_TEST_CASE(hostile_paths_are_the_errors_lock_file_gives, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto fifo = dir.path / "fifo";
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0666) == 0);
    const auto directory = dir.path / "dir";
    boost::filesystem::create_directory(directory);
    const struct {
        boost::filesystem::path path;
        boost::system::error_code expected;
    } cases[] = {
        {fifo, lockfile::error::not_a_regular_file},
        {"/dev/null", lockfile::error::not_a_regular_file},
        {directory, make_error_code(boost::system::errc::is_a_directory)},
        {dir.path / "no-such-dir" / "f.lock",
         make_error_code(boost::system::errc::no_such_file_or_directory)},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.path)
        {
            boost::system::error_code ec;
            BOOST_TEST(!lockfile::query_lock(c.path, ec).locked);
            BOOST_TEST((ec == c.expected.default_error_condition()), ec.message());
            BOOST_TEST(ec == lock_error_of(c.path));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_symlink_to_a_file_this_process_holds_keeps_the_lock,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto target = dir.path / "target.lock";
    const auto link = dir.path / "f.lock";
    lockfile::lock_file lock(target);
    boost::filesystem::create_symlink(target, link);
    boost::system::error_code ec;
    lockfile::query_lock(link, ec);
    BOOST_TEST(!!ec);
    // Judged without opening: had a descriptor of the target been opened and
    // closed, the fcntl half of the lock would be gone.
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--boost", target.string()})) == 1);
    BOOST_TEST(lockfile::query_lock(target).locked);
}
