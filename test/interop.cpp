// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The same lock file excludes the peers of both lock families, both ways:
// zc.lockfile, py-filelock, portalocker and flock(1) (flock), plain Boost file_lock and
// fasteners (fcntl), and another process of this library.
#define BOOST_TEST_MODULE interop
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

namespace {

std::vector<lockfile_test::peer> all_peers()
{
    auto peers = lockfile_test::flock_family();
    const auto& fcntl = lockfile_test::fcntl_family();
    peers.insert(peers.end(), fcntl.begin(), fcntl.end());
    peers.push_back({"lockfile (another process)",
                     [](const std::string& path) {
                         return lockfile_test::helper({"hold", path});
                     },
                     [](const std::string& path) {
                         return lockfile_test::helper({"try", path});
                     }});
    return peers;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_peer_holding_blocks_us, *boost::unit_test::timeout(60))
{
    for (const auto& peer : all_peers()) {
        BOOST_TEST_CONTEXT("peer " << peer.name)
        {
            lockfile_test::temp_dir dir;
            const auto path = dir.path / "f.lock";
            lockfile_test::child_process holder(peer.hold(path.string()));
            BOOST_REQUIRE(holder.read_line() == "locked");

            boost::system::error_code ec;
            lockfile::lock_file refused(path, ec);
            BOOST_TEST(ec == lockfile::error::already_locked);

            holder.close_stdin();
            BOOST_TEST(holder.wait() == 0);
            lockfile::lock_file granted(path, ec);
            BOOST_TEST(!ec, ec.message());
        }
    }
}

BOOST_AUTO_TEST_CASE(us_holding_blocks_each_peer, *boost::unit_test::timeout(60))
{
    for (const auto& peer : all_peers()) {
        BOOST_TEST_CONTEXT("peer " << peer.name)
        {
            lockfile_test::temp_dir dir;
            const auto path = dir.path / "f.lock";
            lockfile::lock_file lock(path);
            BOOST_TEST(lockfile_test::run(peer.attempt(path.string())) == 1);
            lock.close();
            BOOST_TEST(lockfile_test::run(peer.attempt(path.string())) == 0);
        }
    }
}
