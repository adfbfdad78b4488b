// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Someone deletes or replaces a held lock file. The lock then protects
// nothing: a newcomer creates and locks a new file at the path. verify()
// is how a holder finds out.
#define BOOST_TEST_MODULE replaced_file
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/filesystem/operations.hpp>

BOOST_AUTO_TEST_CASE(verify_is_true_while_the_file_is_in_place, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile::lock_file lock(dir.path / "f.lock");
    BOOST_TEST(lock.verify());
    lock.close();
    BOOST_TEST(!lock.verify());
}

BOOST_AUTO_TEST_CASE(deleted_while_held, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file lock(path);
    boost::filesystem::remove(path);
    BOOST_TEST(!lock.verify());

    // The documented limit: a newcomer locks a new file at the path.
    lockfile_test::child_process newcomer(lockfile_test::helper({"hold", path.string()}));
    BOOST_TEST(newcomer.read_line() == "locked");
    BOOST_TEST(!lock.verify());
}

BOOST_AUTO_TEST_CASE(replaced_while_held, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file lock(path);
    lockfile_test::write_file(dir.path / "other", "x");
    boost::filesystem::rename(dir.path / "other", path);
    BOOST_TEST(!lock.verify());

    // In this process too the new file is another file.
    lockfile::lock_file newcomer(path);
    BOOST_TEST(newcomer.verify());
}

BOOST_AUTO_TEST_CASE(replaced_between_open_and_lock, *boost::unit_test::timeout(30))
{
    // The shim replaces the file when the helper's library calls flock():
    // the helper must end up holding both locks on the file now at the path,
    // not a flock on the orphan it opened first.
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    const auto replacement = dir.path / "replacement";
    lockfile_test::write_file(path, "old");
    lockfile_test::write_file(replacement, "new");
    lockfile_test::child_process holder(
        lockfile_test::helper({"hold", "--template", "holder", path.string()}),
        lockfile_test::with_fault_shim({"LOCKFILE_SHIM_PATH=" + path.string(),
                                        "LOCKFILE_SHIM_REPLACEMENT=" + replacement.string()}));
    BOOST_REQUIRE(holder.read_line() == "locked");
    BOOST_TEST(!boost::filesystem::exists(replacement)); // the shim did replace it

    BOOST_TEST(lockfile_test::read_file(path) == " holder\n");
    BOOST_TEST(lockfile_test::run({"flock", "-n", path.string(), "true"}) == 1);
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--boost", path.string()})) == 1);
}
