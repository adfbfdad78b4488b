// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// async_acquire: it tries at once, completes at once on hard errors, and
// completes right after another process releases, exits or is killed.
#define BOOST_TEST_MODULE async_basics
#include <boost/test/unit_test.hpp>

#include <lockfile/async_acquire.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/asio/io_context.hpp>

#include <signal.h>

#include <chrono>
#include <functional>
#include <optional>

namespace {

namespace asio = boost::asio;

struct outcome {
    boost::system::error_code ec;
    lockfile::lock_file lock;
};

// Starts an acquisition; the result lands in `result`.
void start(lockfile::lock_waiter& waiter, const boost::filesystem::path& path,
           const lockfile::acquire_options& options, std::optional<outcome>& result)
{
    waiter.async_acquire(path, options,
                         [&result](boost::system::error_code ec, lockfile::lock_file lock) {
                             BOOST_TEST(!result.has_value()); // called once
                             result.emplace(outcome{ec, std::move(lock)});
                         });
}

// A timer that would not fire before the test's timeout: completing anyway
// proves the early wake-up.
lockfile::acquire_options timer_never_fires()
{
    lockfile::acquire_options options;
    options.first_retry = options.max_retry = std::chrono::hours(1);
    return options;
}

// How a waiter learns that the holder is gone: on Linux the release itself
// wakes it (inotify), and the timer never fires; elsewhere its timer is the
// only way.
lockfile::acquire_options woken_by_the_release()
{
#if defined(__linux__)
    return timer_never_fires();
#else
    lockfile::acquire_options options;
    options.max_retry = std::chrono::milliseconds(20);
    return options;
#endif
}

} // namespace

BOOST_AUTO_TEST_CASE(a_free_lock_is_taken_but_never_inside_the_initiating_call,
                     *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    std::optional<outcome> result;
    start(waiter, dir.path / "f.lock", {}, result);
    BOOST_TEST(!result.has_value());
    io.run();
    BOOST_REQUIRE(result.has_value());
    BOOST_TEST(!result->ec);
    BOOST_TEST(result->lock.owns_lock());
    BOOST_TEST(lockfile_test::read_file(dir.path / "f.lock") ==
               " " + std::to_string(lockfile_test::process_id()) + "\n");
}

BOOST_AUTO_TEST_CASE(hard_errors_complete_at_once, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto fifo = lockfile_test::non_regular_file(dir.path);
    lockfile::acquire_options bad_template = timer_never_fires();
    bad_template.lock.content_template = "{nope}";
    const struct {
        boost::filesystem::path path;
        lockfile::acquire_options options;
        boost::system::error_code expected;
    } cases[] = {
        {dir.path / "missing" / "f.lock", timer_never_fires(),
         make_error_code(boost::system::errc::no_such_file_or_directory)},
        {fifo, timer_never_fires(), lockfile::error::not_a_regular_file},
        {dir.path, timer_never_fires(), make_error_code(boost::system::errc::is_a_directory)},
        {dir.path / "f.lock", bad_template, lockfile::error::bad_template},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("path " << c.path)
        {
            asio::io_context io;
            lockfile::lock_waiter waiter(io);
            std::optional<outcome> result;
            start(waiter, c.path, c.options, result);
            io.run(); // would run for an hour if the error were waited on
            BOOST_REQUIRE(result.has_value());
            BOOST_TEST((result->ec == c.expected.default_error_condition()), result->ec.message());
            BOOST_TEST(!result->lock.owns_lock());
        }
    }
}

namespace {

// A helper holds the lock; the waiter waits until `end` ends it.
void waits_until_the_holder_ends(const std::function<void(lockfile_test::child_process&)>& end,
                                 const lockfile::acquire_options& options)
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path);

    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    std::optional<outcome> result;
    start(waiter, path, options, result);
    // Run until the waiter has tried and is waiting, then end the holder.
    asio::post(io, [&] { asio::post(io, [&] { end(holder); }); });
    io.run();
    BOOST_REQUIRE(result.has_value());
    BOOST_TEST(!result->ec, result->ec.message());
    BOOST_TEST(result->lock.owns_lock());
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", path.string()})) == 1);
}

} // namespace

BOOST_AUTO_TEST_CASE(completes_when_the_holder_releases, *boost::unit_test::timeout(20))
{
    waits_until_the_holder_ends([](auto& holder) { holder.close_stdin(); }, woken_by_the_release());
}

BOOST_AUTO_TEST_CASE(completes_when_the_holder_is_killed, *boost::unit_test::timeout(20))
{
    waits_until_the_holder_ends([](auto& holder) { holder.terminate(); }, woken_by_the_release());
}

BOOST_AUTO_TEST_CASE(the_timer_alone_also_gets_there, *boost::unit_test::timeout(20))
{
    lockfile::acquire_options options;
    options.early_wakeup = false;
    options.max_retry = std::chrono::milliseconds(20);
    waits_until_the_holder_ends([](auto& holder) { holder.close_stdin(); }, options);
}

BOOST_AUTO_TEST_CASE(timeout_completes_with_its_own_error_and_holds_nothing,
                     *boost::unit_test::timeout(20))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path);

    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    lockfile::acquire_options options;
    options.timeout = std::chrono::milliseconds(50);
    std::optional<outcome> result;
    start(waiter, path, options, result);
    io.run();
    BOOST_REQUIRE(result.has_value());
    BOOST_TEST(result->ec == lockfile::error::timed_out);
    BOOST_TEST(result->ec == boost::system::errc::timed_out);
    BOOST_TEST(!result->lock.owns_lock());

    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
    lockfile::lock_file after(path); // nothing of the waiter is left in the way
}

// A timeout past the end of the clock is no timeout (now + timeout would
// overflow), and so are huge retry intervals: the waiter gets the lock.
// Without early wake-up (Linux's inotify) a huge retry interval is a wait
// that long, as asked: there only the timeout is huge.
BOOST_AUTO_TEST_CASE(huge_durations_mean_no_limit, *boost::unit_test::timeout(20))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path);

    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    lockfile::acquire_options options;
    options.timeout = std::chrono::steady_clock::duration::max();
#if defined(__linux__)
    options.first_retry = std::chrono::steady_clock::duration::max() / 3;
    options.max_retry = std::chrono::steady_clock::duration::max();
#endif
    std::optional<outcome> result;
    start(waiter, path, options, result);
    // Released once the waiter has tried and waits: it must still be waiting.
    asio::steady_timer settle(io, std::chrono::milliseconds(200));
    settle.async_wait([&](boost::system::error_code) {
        BOOST_TEST(!result.has_value());
        holder.close_stdin();
    });
    io.run();
    BOOST_REQUIRE(result.has_value());
    BOOST_TEST(!result->ec);
    BOOST_TEST(result->lock.owns_lock());
    BOOST_TEST(holder.wait() == 0);
}
