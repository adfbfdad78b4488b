// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A waiter uses close to no CPU while it waits, and blocks no thread.
#define BOOST_TEST_MODULE async_cpu
#include <boost/test/unit_test.hpp>

#include <lockfile/async_acquire.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

BOOST_AUTO_TEST_CASE(two_seconds_of_waiting_cost_little_cpu, *boost::unit_test::timeout(30))
{
    namespace asio = boost::asio;
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto other = lockfile_test::hold_elsewhere(path);

    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    bool other_thread_work_done = false;
    bool acquired = false;
    waiter.async_acquire(path, [&](boost::system::error_code ec, lockfile::lock_file lock) {
        BOOST_TEST(!ec);
        acquired = lock.owns_lock();
    });
    // The wait does not block the io_context: other work runs meanwhile.
    asio::steady_timer release(io, std::chrono::seconds(2));
    release.async_wait([&](boost::system::error_code) {
        other_thread_work_done = !acquired;
        other.close_stdin();
    });
    const auto before = lockfile_test::process_cpu_time();
    io.run();
    const auto used = lockfile_test::process_cpu_time() - before;

    BOOST_TEST(acquired);
    BOOST_TEST(other_thread_work_done);
    BOOST_TEST_MESSAGE("CPU over the 2 s wait: " << used.count() / 1000 << " us");
    // The target is under 1 ms per second; the bound leaves room for a
    // loaded machine and sanitizer builds.
    BOOST_TEST(used < std::chrono::milliseconds(100));
}

// Retry intervals of zero are clamped (acquire_options::min_retry): with
// the timer alone, a waiter would otherwise spin.
BOOST_AUTO_TEST_CASE(zero_retry_intervals_do_not_spin, *boost::unit_test::timeout(30))
{
    namespace asio = boost::asio;
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto other = lockfile_test::hold_elsewhere(path);

    asio::io_context io;
    lockfile::acquire_options options;
    options.first_retry = std::chrono::steady_clock::duration::zero();
    options.max_retry = std::chrono::steady_clock::duration::zero();
    options.early_wakeup = false;
    options.timeout = std::chrono::milliseconds(300);
    boost::system::error_code result;
    lockfile::async_acquire(io, path, options,
                            [&](boost::system::error_code ec, lockfile::lock_file) { result = ec; });
    const auto before = lockfile_test::process_cpu_time();
    io.run();
    const auto used = lockfile_test::process_cpu_time() - before;
    BOOST_TEST(result == lockfile::error::timed_out);
    BOOST_TEST_MESSAGE("CPU over 300 ms of retries every 1 ms: " << used.count() / 1000 << " us");
    BOOST_TEST(used < std::chrono::milliseconds(100)); // spinning uses all 300
}
