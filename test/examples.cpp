// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The examples do what README says they do.
#define BOOST_TEST_MODULE examples
#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <signal.h>

// standby_server uses POSIX signals and coroutines (not built where Asio
// has none: cmake/coroutines.cmake); single_instance, below, runs on
// Windows too.
#if !defined(_WIN32) && !defined(LOCKFILE_TEST_NO_COROUTINES)
BOOST_AUTO_TEST_CASE(standby_server_takes_over_when_the_first_is_killed,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "service.lock").string();
    lockfile_test::child_process first({lockfile_test::argument("standby_server"), path});
    BOOST_REQUIRE(first.read_line() == "serving as pid " + std::to_string(first.pid()));

    lockfile_test::child_process second({lockfile_test::argument("standby_server"), path});
    BOOST_TEST(second.read_line() == "standby: " + path + " is held by pid " +
                                         std::to_string(first.pid()) + " on " +
                                         lockfile_test::host_name());
    first.kill(SIGKILL);
    BOOST_TEST(first.wait() == 128 + SIGKILL);
    BOOST_TEST(second.read_line() == "serving as pid " + std::to_string(second.pid()));
    second.kill(SIGTERM);
    BOOST_TEST(second.read_line() == "stopping");
    BOOST_TEST(second.wait() == 0);
}

BOOST_AUTO_TEST_CASE(standby_server_stops_on_sigterm_in_standby, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "service.lock").string();
    lockfile_test::child_process first({lockfile_test::argument("standby_server"), path});
    BOOST_REQUIRE(first.read_line().rfind("serving as pid", 0) == 0);
    lockfile_test::child_process second({lockfile_test::argument("standby_server"), path});
    BOOST_REQUIRE(second.read_line().rfind("standby:", 0) == 0);
    second.kill(SIGTERM);
    BOOST_TEST(second.read_line() == "stopping");
    BOOST_TEST(second.wait() == 0);
    first.kill(SIGTERM);
    BOOST_TEST(first.read_line() == "stopping");
    BOOST_TEST(first.wait() == 0);
}

#endif

BOOST_AUTO_TEST_CASE(single_instance_names_the_running_one, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "app.lock").string();
    lockfile_test::child_process first({lockfile_test::argument("single_instance"), path});
    BOOST_REQUIRE(first.read_line().rfind("running as pid", 0) == 0);

    lockfile_test::child_process second({lockfile_test::argument("single_instance"), path});
    BOOST_TEST(second.read_line() == "already running: pid " + std::to_string(first.pid()) +
                                         " on " + lockfile_test::host_name());
    BOOST_TEST(second.wait() == 1);

    first.close_stdin();
    BOOST_TEST(first.wait() == 0);
    lockfile_test::child_process third({lockfile_test::argument("single_instance"), path});
    BOOST_TEST(third.read_line().rfind("running as pid", 0) == 0);
}
