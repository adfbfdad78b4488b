// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A program that the holder starts (fork + exec) inherits none of the
// lock's descriptors, Boost's included, and holds no lock.
#define BOOST_TEST_MODULE exec_inheritance
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <fcntl.h>

#include <memory>

BOOST_AUTO_TEST_CASE(no_descriptor_reaches_an_execd_program, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file lock(path);

    lockfile_test::child_process program(
        {"sh", "-c", "for fd in /proc/$$/fd/*; do readlink \"$fd\"; done; echo end"});
    int descriptors = 0;
    for (std::string line = program.read_line(); line != "end"; line = program.read_line()) {
        ++descriptors;
        BOOST_TEST(line.find("f.lock") == std::string::npos, "inherited " << line);
    }
    BOOST_TEST(descriptors >= 3); // the listing itself works
    BOOST_TEST(program.wait() == 0);
}

BOOST_AUTO_TEST_CASE(an_execd_program_neither_keeps_nor_releases_the_lock,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    const auto peer_can_lock = [&](const std::vector<std::string>& peer) {
        const int status = lockfile_test::run(peer);
        BOOST_REQUIRE(status <= 1);
        return status == 0;
    };
    const std::vector<std::string> flock_peer = {"flock", "-n", path.string(), "true"};
    const std::vector<std::string> fcntl_peer =
        lockfile_test::helper({"try", "--boost", path.string()});

    auto lock = std::make_unique<lockfile::lock_file>(path);
    lockfile_test::child_process program({"cat"}); // started while holding, lives on
    lock->close();
    BOOST_TEST(peer_can_lock(flock_peer)); // it keeps nothing
    BOOST_TEST(peer_can_lock(fcntl_peer));

    lock = std::make_unique<lockfile::lock_file>(path);
    program.close_stdin();
    BOOST_TEST(program.wait() == 0);
    BOOST_TEST(!peer_can_lock(flock_peer)); // and its end releases nothing
    BOOST_TEST(!peer_can_lock(fcntl_peer));
}

// Owned by the open file description, the lock goes with the descriptor: a
// program given it holds both halves on, after this process let go.
BOOST_AUTO_TEST_CASE(a_program_given_a_description_owned_lock_holds_it,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    const auto refused = [&](const std::vector<std::string>& peer) {
        const int status = lockfile_test::run(peer);
        BOOST_REQUIRE(status <= 1);
        return status == 1;
    };
    const std::vector<std::string> flock_peer = {"flock", "-n", path.string(), "true"};
    const std::vector<std::string> fcntl_peer =
        lockfile_test::helper({"try", "--boost", path.string()});

    lockfile::lock_options options;
    options.owner = lockfile::lock_owner::open_file_description;
    lockfile::lock_file lock(path, options);
    BOOST_TEST(refused(flock_peer));
    BOOST_TEST(refused(fcntl_peer));
    boost::system::error_code ec;
    lockfile::lock_file same_process(path, ec); // the registry: one holder per file
    BOOST_TEST(ec == lockfile::error::already_locked);

    // This test starts no thread, so clearing close-on-exec here is as good
    // as in the child.
    BOOST_REQUIRE(::fcntl(lock.native_handle(), F_SETFD, 0) == 0);
    lockfile_test::child_process program({"cat"});
    BOOST_REQUIRE(::fcntl(lock.native_handle(), F_SETFD, FD_CLOEXEC) == 0);
    lock.close();
    BOOST_TEST(refused(flock_peer));
    BOOST_TEST(refused(fcntl_peer));
    program.close_stdin();
    BOOST_TEST(program.wait() == 0);
    BOOST_TEST(!refused(flock_peer));
    BOOST_TEST(!refused(fcntl_peer));
}
