// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A lock held by another process is refused, and is ours once that process
// releases it, exits, or is killed.
#define BOOST_TEST_MODULE holder_exit
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <functional>

namespace {

bool can_lock(const boost::filesystem::path& path)
{
    boost::system::error_code ec;
    lockfile::lock_file lock(path, ec);
    BOOST_TEST((!ec || ec == lockfile::error::already_locked), ec.message());
    return lock.owns_lock();
}

// A helper holds the lock: we are refused. `end` ends the helper, with the
// given exit status: from then on we get the lock.
void refused_until_the_holder_ends(const std::function<void(lockfile_test::child_process&)>& end,
                                   int status)
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path);
    BOOST_TEST(!can_lock(path));
    BOOST_CHECK_THROW(lockfile::lock_file{path}, lockfile::lock_error);

    end(holder);
    BOOST_TEST(holder.wait() == status);
    BOOST_TEST(can_lock(path));
}

} // namespace

BOOST_AUTO_TEST_CASE(holder_releases_and_exits, *boost::unit_test::timeout(30))
{
    refused_until_the_holder_ends([](auto& holder) { holder.close_stdin(); }, 0);
}

BOOST_AUTO_TEST_CASE(holder_killed_with_sigkill, *boost::unit_test::timeout(30))
{
    refused_until_the_holder_ends([](auto& holder) { holder.terminate(); },
                                  lockfile_test::child_process::terminated_status);
}
