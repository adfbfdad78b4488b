// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Paths that must never be written through, hang, or be taken for a lock
// file: each is a clear error naming the path and the cause, in exactly
// this form; query_lock and who_holds, which only look at a lock file, give
// the same error. (hostile_input.cpp has the whole table, also as an
// unprivileged user.)
#define BOOST_TEST_MODULE hostile_paths
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>
#include <lockfile/lock_status.hpp>
#include <lockfile/simple_lock_file.hpp>
#include <lockfile/who_holds.hpp>

#include "support/test_env.hpp"

#include <boost/filesystem/operations.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <string>

namespace {

namespace errc = boost::system::errc;

// The throwing form of a call on path fails with ec and names the path.
void expect_lock_error(const std::function<void()>& call, const boost::filesystem::path& path,
                       const boost::system::error_code& ec, const std::string& action)
{
    try {
        call();
        BOOST_FAIL("no exception for " << path);
    } catch (const lockfile::lock_error& e) {
        BOOST_TEST(e.code() == ec);
        BOOST_TEST(std::string(e.what()) ==
                   "Couldn't " + action + " '" + path.string() + "': " + ec.message());
    }
}

// query_lock and who_holds judge a path as lock_file does: the same error.
void expect_same_error_when_looking(const boost::filesystem::path& path,
                                    const boost::system::error_code& expected)
{
    boost::system::error_code ec;
    lockfile::query_lock(path, ec);
    BOOST_TEST(ec == expected, "query_lock: " << ec.message());
    expect_lock_error([&] { lockfile::query_lock(path); }, path, expected, "query");
    lockfile::who_holds(path, ec);
    BOOST_TEST(ec == expected, "who_holds: " << ec.message());
    expect_lock_error([&] { lockfile::who_holds(path); }, path, expected, "read");
}

// The error of locking path, checking the message of the throwing form too,
// and that looking at the path gives the same error.
boost::system::error_code lock_error_of(const boost::filesystem::path& path)
{
    boost::system::error_code ec;
    lockfile::lock_file lock(path, ec);
    BOOST_TEST(!lock.owns_lock());
    expect_lock_error([&] { lockfile::lock_file again(path); }, path, ec, "lock");
    expect_same_error_when_looking(path, ec);
    return ec;
}

} // namespace

BOOST_AUTO_TEST_CASE(symlink_to_a_file_is_refused_and_its_target_untouched,
                     *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto target = dir.path / "precious";
    lockfile_test::write_file(target, "precious data");
    struct stat before {};
    BOOST_REQUIRE(::stat(target.c_str(), &before) == 0);
    boost::filesystem::create_symlink(target, dir.path / "f.lock");

    const auto ec = lock_error_of(dir.path / "f.lock");
    BOOST_TEST(ec == lockfile::error::symbolic_link); // says what the path is
    BOOST_TEST(ec.message().find("symbolic link") != std::string::npos, ec.message());
    BOOST_TEST(ec == errc::too_many_symbolic_link_levels); // what ELOOP tests keep seeing

    struct stat after {};
    BOOST_REQUIRE(::stat(target.c_str(), &after) == 0);
    BOOST_TEST(lockfile_test::read_file(target) == "precious data");
    BOOST_TEST(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
    BOOST_TEST(after.st_mtim.tv_sec == before.st_mtim.tv_sec);
}

BOOST_AUTO_TEST_CASE(dangling_symlink_creates_nothing, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    boost::filesystem::create_symlink(dir.path / "target", dir.path / "f.lock");
    BOOST_TEST(lock_error_of(dir.path / "f.lock") == lockfile::error::symbolic_link);
    BOOST_TEST(!boost::filesystem::exists(dir.path / "target"));
}

// A loop among the directories before the name is ELOOP itself: the path is
// not a symbolic link, and the error must not say it is.
BOOST_AUTO_TEST_CASE(a_loop_of_directories_is_eloop, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    boost::filesystem::create_symlink(dir.path / "loop", dir.path / "loop");
    const auto ec = lock_error_of(dir.path / "loop" / "f.lock");
    BOOST_TEST(ec == boost::system::error_code(ELOOP, boost::system::system_category()));
}

// The files of procfs, sysfs and their kind are the kernel's controls:
// writing /proc/sys/kernel/hostname renames the machine. /proc/self/comm
// (this process's name) is safe to try for both modes and must stay as it
// was; sysfs is tried with a shared lock on a read-only file.
BOOST_AUTO_TEST_CASE(a_pseudo_filesystem_file_is_refused_untouched, *boost::unit_test::timeout(10))
{
    const auto shared_lock_error_of = [](const boost::filesystem::path& path) {
        lockfile::simple_lock_options shared;
        shared.mode = lockfile::lock_mode::shared;
        boost::system::error_code ec;
        lockfile::simple_lock_file reader(path, shared, ec);
        return ec;
    };
    const boost::filesystem::path comm = "/proc/self/comm";
    const std::string name = lockfile_test::read_file(comm);
    BOOST_TEST(lock_error_of(comm) == lockfile::error::pseudo_filesystem);
    BOOST_TEST(shared_lock_error_of(comm) == lockfile::error::pseudo_filesystem);
    BOOST_TEST(lockfile_test::read_file(comm) == name);
    const boost::filesystem::path sysfs_file = "/sys/kernel/uevent_seqnum";
    BOOST_TEST_REQUIRE(boost::filesystem::exists(sysfs_file), "sysfs is mounted on /sys");
    BOOST_TEST(shared_lock_error_of(sysfs_file) == lockfile::error::pseudo_filesystem);
}

BOOST_AUTO_TEST_CASE(fifo_is_an_error_not_a_hang, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    BOOST_REQUIRE(::mkfifo((dir.path / "f.lock").c_str(), 0666) == 0);
    BOOST_TEST(lock_error_of(dir.path / "f.lock") == lockfile::error::not_a_regular_file);
}

BOOST_AUTO_TEST_CASE(device_is_refused, *boost::unit_test::timeout(10))
{
    BOOST_TEST(lock_error_of("/dev/null") == lockfile::error::not_a_regular_file);
}

BOOST_AUTO_TEST_CASE(socket_is_refused, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    const int server = ::socket(AF_UNIX, SOCK_STREAM, 0);
    BOOST_REQUIRE(server >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    BOOST_REQUIRE(path.string().size() < sizeof address.sun_path);
    std::strcpy(address.sun_path, path.c_str());
    BOOST_REQUIRE(::bind(server, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    BOOST_TEST(lock_error_of(path) == errc::no_such_device_or_address); // open(2) says ENXIO
    ::close(server);
}

BOOST_AUTO_TEST_CASE(directory_is_refused, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    boost::filesystem::create_directory(dir.path / "f.lock");
    BOOST_TEST(lock_error_of(dir.path / "f.lock") == errc::is_a_directory);
}

BOOST_AUTO_TEST_CASE(missing_parent_directory, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    BOOST_TEST(lock_error_of(dir.path / "no-such-dir" / "f.lock") ==
               errc::no_such_file_or_directory);
    BOOST_TEST(!boost::filesystem::exists(dir.path / "no-such-dir"));
}

BOOST_AUTO_TEST_CASE(empty_path, *boost::unit_test::timeout(10))
{
    BOOST_TEST(lock_error_of("") == errc::no_such_file_or_directory);
}

BOOST_AUTO_TEST_CASE(name_ending_in_a_slash, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile_test::write_file(dir.path / "file", "");
    // open(2) with O_CREAT refuses to create a name that ends in a slash.
    BOOST_TEST(lock_error_of(dir.path.string() + "/f.lock/") == errc::is_a_directory);
    BOOST_TEST(lock_error_of(dir.path.string() + "/no-such-dir/f.lock/") ==
               errc::no_such_file_or_directory);
    BOOST_TEST(lock_error_of(dir.path.string() + "/file/") == errc::not_a_directory);
    BOOST_TEST(lock_error_of(dir.path.string() + "/file/f.lock") == errc::not_a_directory);
    BOOST_TEST(!boost::filesystem::exists(dir.path / "f.lock"));
}
