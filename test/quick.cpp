// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Smoke test: the convenience header, one lock, one release.
#define BOOST_TEST_MODULE quick
#include <boost/test/unit_test.hpp>

#include <lockfile.hpp>

#include "support/test_env.hpp"

BOOST_AUTO_TEST_CASE(lock_and_release, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile::lock_file lock(dir.path / "quick.lock");
    BOOST_TEST(lock.owns_lock());
    lock.close();
    BOOST_TEST(!lock.owns_lock());
}
