// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Shared mode: many shared holders, in this process and others, or one
// exclusive holder.
#define BOOST_TEST_MODULE shared_mode
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/filesystem/operations.hpp>

#if !defined(_WIN32)
#include <unistd.h>
#endif

namespace {

lockfile::lock_options shared()
{
    lockfile::lock_options options;
    options.mode = lockfile::lock_mode::shared;
    return options;
}

boost::system::error_code try_lock(const boost::filesystem::path& path,
                                   const lockfile::lock_options& options)
{
    boost::system::error_code ec;
    lockfile::lock_file lock(path, options, ec);
    return ec;
}

} // namespace

BOOST_AUTO_TEST_CASE(in_one_process, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file first(path, shared());
    lockfile::lock_file second(path, shared());
    BOOST_TEST(first.mode() == lockfile::lock_mode::shared);
    BOOST_TEST(try_lock(path, {}) == lockfile::error::already_locked);
    first.close();
    BOOST_TEST(try_lock(path, {}) == lockfile::error::already_locked); // second still holds
    second.close();
    lockfile::lock_file exclusive(path);
    BOOST_TEST(try_lock(path, shared()) == lockfile::error::already_locked);
}

BOOST_AUTO_TEST_CASE(across_processes, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    const auto try_in_helper = [&](std::vector<std::string> flags) {
        flags.insert(flags.begin(), "try");
        flags.push_back(path.string());
        return lockfile_test::run(lockfile_test::helper(flags));
    };
    {
        auto holder = lockfile_test::hold_elsewhere(path, {"--shared"});
        BOOST_TEST(!try_lock(path, shared()));
        BOOST_TEST(try_lock(path, {}) == lockfile::error::already_locked);
    }
    lockfile::lock_file ours(path, shared());
    BOOST_TEST(try_in_helper({"--shared"}) == 0);
    BOOST_TEST(try_in_helper({"--shared", "--boost"}) == 0);
    BOOST_TEST(try_in_helper({}) == 1);
    BOOST_TEST(try_in_helper({"--boost"}) == 1);
}

#if !defined(_WIN32) // another user, flock(1) and lockfilectl: POSIX's
// A shared lock needs only read access, as flock -s does: a user who may
// only read the file takes it (through a read-only descriptor), and it
// excludes writers; an exclusive lock still needs write access.
BOOST_AUTO_TEST_CASE(a_reader_of_the_file_takes_a_shared_lock, *boost::unit_test::timeout(30))
{
    if (::geteuid() != 0) {
        BOOST_TEST_MESSAGE("not root: no other user to lock as");
        return;
    }
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile_test::write_file(path, " 42\n");
    boost::filesystem::permissions(path, boost::filesystem::perms(0644)); // root's
    const auto as_nobody = [](std::vector<std::string> argv) {
        argv.insert(argv.begin(),
                    {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"});
        return argv;
    };
    // The helper says 0 when it got the lock, 2 on an error (EACCES).
    BOOST_TEST(lockfile_test::run(as_nobody(lockfile_test::helper({"try", path.string()}))) == 2);
    BOOST_TEST(lockfile_test::run(
                   as_nobody(lockfile_test::helper({"try", "--shared", path.string()}))) == 0);
    BOOST_TEST(lockfile_test::run(as_nobody({lockfile_test::argument("lockfilectl"), "run", "-s",
                                             path.string(), "true"})) == 0);

    lockfile_test::child_process reader(
        as_nobody(lockfile_test::helper({"hold", "--shared", path.string()})));
    BOOST_REQUIRE(reader.read_line() == "locked");
    BOOST_TEST(lockfile_test::run({"flock", "-n", path.string(), "true"}) == 1);
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--boost", path.string()})) == 1);
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--shared", path.string()})) == 0);
    reader.close_stdin();
    BOOST_TEST(reader.wait() == 0);
    BOOST_TEST(lockfile_test::read_file(path) == " 42\n"); // a shared holder writes nothing
}
#endif
