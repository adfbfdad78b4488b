// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// zc.lockfile's README doctest, translated.
#define BOOST_TEST_MODULE zc_doctest
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/test_env.hpp"

#include <boost/filesystem/operations.hpp>

#include <string>

BOOST_AUTO_TEST_CASE(doctest, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    boost::filesystem::current_path(dir.path);

    lockfile::lock_file lock("lock");

    // A second lock in the same process fails, as one from another would.
    try {
        lockfile::lock_file second("lock");
        BOOST_FAIL("a second lock on the same file succeeded");
    } catch (const lockfile::lock_error& e) {
        BOOST_TEST(std::string(e.what()) == "Couldn't lock 'lock'");
        BOOST_TEST(e.code() == lockfile::error::already_locked);
        BOOST_TEST(e.path() == "lock");
    }

    lock.close();
    BOOST_TEST(boost::filesystem::exists("lock")); // never deleted

    lockfile::lock_file again("lock");
    BOOST_TEST(again.owns_lock());
    again.close();
    again.close(); // a second close does nothing
    BOOST_TEST(!again.owns_lock());
}
