// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A contender that fails never writes, truncates or flushes the lock file.
#define BOOST_TEST_MODULE loser_untouched
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>
#include <lockfile/simple_lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <sys/stat.h>

namespace {

struct file_state {
    std::string bytes;
    timespec mtime{};
    timespec ctime{};
};

file_state state_of(const boost::filesystem::path& path)
{
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    return {lockfile_test::read_file(path), st.st_mtim, st.st_ctim};
}

bool same_time(const timespec& a, const timespec& b)
{
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

} // namespace

BOOST_AUTO_TEST_CASE(failed_attempts_leave_bytes_and_times, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "held.lock";
    auto holder = lockfile_test::hold_elsewhere(path, {"--template", "{pid};{hostname}"});
    const file_state before = state_of(path);
    BOOST_REQUIRE(before.bytes.find(std::to_string(holder.pid())) == 1);

    for (int i = 0; i < 3; ++i) {
        boost::system::error_code ec;
        lockfile::lock_file lock(path, "{pid}", ec);
        BOOST_TEST(ec == lockfile::error::already_locked);
        lockfile::simple_lock_file simple(path, ec);
        BOOST_TEST(ec == lockfile::error::already_locked);
        BOOST_CHECK_THROW(lockfile::lock_file{path}, lockfile::lock_error);
    }

    const file_state after = state_of(path);
    BOOST_TEST(after.bytes == before.bytes);
    BOOST_TEST(same_time(after.mtime, before.mtime));
    BOOST_TEST(same_time(after.ctime, before.ctime));
}
