// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Asking who holds a lock file: what the holder wrote, parsed; and asking
// from inside the holding process never releases the lock.
#define BOOST_TEST_MODULE who_holds
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>
#include <lockfile/simple_lock_file.hpp>
#include <lockfile/who_holds.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/filesystem/operations.hpp>

BOOST_AUTO_TEST_CASE(names_a_holder_in_another_process, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path, {"--template", "{pid};{hostname}"});

    const lockfile::holder_info info = lockfile::who_holds(path);
    BOOST_TEST(info.pid.value_or(-1) == holder.pid());
    BOOST_TEST(info.hostname == lockfile_test::host_name());
    BOOST_TEST(info.content ==
               " " + std::to_string(holder.pid()) + ";" + lockfile_test::host_name() + "\n");
}

BOOST_AUTO_TEST_CASE(asking_from_the_holder_keeps_both_locks, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file lock(path);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(lockfile::who_holds(path).pid.value_or(-1) == lockfile_test::process_id());

    // Had who_holds opened and closed a descriptor of its own, the fcntl
    // lock would be gone and the Boost peer would get it.
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--boost", path.string()})) == 1);
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", path.string()})) == 1);
}

BOOST_AUTO_TEST_CASE(reading_through_simple_lock_file_keeps_both_locks,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "data.lock";
    lockfile::simple_lock_file lock(path);
    lock.write_content("state");
    BOOST_TEST(lock.read_content() == "state");
    BOOST_TEST(lockfile::who_holds(path).content == "state");
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--boost", path.string()})) == 1);
}

BOOST_AUTO_TEST_CASE(parses_the_shapes_lock_file_writes, *boost::unit_test::timeout(10))
{
    BOOST_TEST(lockfile::parse_holder(" 4242\n").pid.value_or(-1) == 4242);
    BOOST_TEST(lockfile::parse_holder(" 4242\n").hostname.empty());
    const auto both = lockfile::parse_holder(" 4242;build-3\n");
    BOOST_TEST(both.pid.value_or(-1) == 4242);
    BOOST_TEST(both.hostname == "build-3");
    BOOST_TEST(both.content == " 4242;build-3\n");
    for (const char* other : {"", " \n", "hello", " 42x\n", " ;host\n", " 99999999999999999999\n"})
        BOOST_TEST(!lockfile::parse_holder(other).pid.has_value(), "content '" << other << "'");
}

BOOST_AUTO_TEST_CASE(errors_name_the_path, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto missing = dir.path / "missing.lock";
    boost::system::error_code ec;
    lockfile::who_holds(missing, ec);
    BOOST_TEST(ec == boost::system::errc::no_such_file_or_directory);
    BOOST_TEST(!boost::filesystem::exists(missing)); // never created
    try {
        lockfile::who_holds(missing);
        BOOST_FAIL("no exception");
    } catch (const lockfile::lock_error& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "Couldn't read '" + missing.string() + "': " + e.code().message());
    }
}

#if !defined(_WIN32) // Windows: a link needs a privilege, and wine shows it as its target
BOOST_AUTO_TEST_CASE(a_symlink_to_a_held_file_is_refused_as_lock_file_refuses_it,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto target = dir.path / "target.lock";
    const auto link = dir.path / "f.lock";
    boost::filesystem::create_symlink(target, link);
    boost::system::error_code lock_ec;
    lockfile::lock_file attempt(link, lock_ec);
    BOOST_REQUIRE(!!lock_ec); // ELOOP today
    {
        auto holder = lockfile_test::hold_elsewhere(target);
        boost::system::error_code ec;
        BOOST_TEST(lockfile::who_holds(link, ec).content.empty());
        BOOST_TEST(ec == lock_ec);
    }
    // From the holder: refused without a descriptor of the target being
    // opened and closed, which would drop the fcntl half of the lock.
    lockfile::lock_file lock(target);
    boost::system::error_code ec;
    lockfile::who_holds(link, ec);
    BOOST_TEST(ec == lock_ec);
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--boost", target.string()})) == 1);
}
#endif

BOOST_AUTO_TEST_CASE(a_missing_directory_is_lock_files_error, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "no-such-dir" / "f.lock";
    boost::system::error_code lock_ec, ec;
    lockfile::lock_file attempt(path, lock_ec);
    lockfile::who_holds(path, ec);
    BOOST_TEST(ec == boost::system::errc::no_such_file_or_directory);
    BOOST_TEST(ec == lock_ec);
}
