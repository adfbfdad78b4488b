// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// async_acquire with every kind of completion token and executor.
#define BOOST_TEST_MODULE async_tokens
#include <boost/test/unit_test.hpp>

#include <lockfile/async_acquire.hpp>

#include "support/test_env.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/version.hpp>
#if BOOST_VERSION >= 108000
#include <boost/asio/deferred.hpp>
#endif

namespace {

namespace asio = boost::asio;

#if !defined(LOCKFILE_TEST_NO_COROUTINES) // see cmake/coroutines.cmake
// Runs the coroutine to its end on a fresh io_context.
template <class Coroutine> void run_coroutine(Coroutine coroutine)
{
    asio::io_context io;
    bool finished = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            co_await coroutine();
            finished = true;
        },
        asio::detached);
    io.run();
    BOOST_TEST(finished);
}
#endif

} // namespace

BOOST_AUTO_TEST_CASE(use_future, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    auto future = waiter.async_acquire(dir.path / "f.lock", asio::use_future);
    io.run();
    BOOST_TEST(future.get().owns_lock());
}

BOOST_AUTO_TEST_CASE(use_future_reports_errors_as_exceptions, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    asio::io_context io;
    auto future = lockfile::async_acquire(io, dir.path / "missing" / "f.lock", asio::use_future);
    io.run();
    BOOST_CHECK_THROW(future.get(), boost::system::system_error);
}

#if !defined(LOCKFILE_TEST_NO_COROUTINES)
BOOST_AUTO_TEST_CASE(use_awaitable_and_redirect_error, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto fifo = lockfile_test::non_regular_file(dir.path);
    run_coroutine([&]() -> asio::awaitable<void> {
        const auto executor = co_await asio::this_coro::executor;
        lockfile::lock_file lock =
            co_await lockfile::async_acquire(executor, dir.path / "f.lock", asio::use_awaitable);
        BOOST_TEST(lock.owns_lock());

        boost::system::error_code ec;
        lockfile::lock_file refused = co_await lockfile::async_acquire(
            executor, fifo, asio::redirect_error(asio::use_awaitable, ec));
        BOOST_TEST(ec == lockfile::error::not_a_regular_file);
        BOOST_TEST(!refused.owns_lock());
    });
}

BOOST_AUTO_TEST_CASE(the_executors_default_token, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    run_coroutine([&]() -> asio::awaitable<void> {
        using awaiting_waiter = asio::use_awaitable_t<>::as_default_on_t<lockfile::lock_waiter>;
        awaiting_waiter waiter(co_await asio::this_coro::executor);
        lockfile::lock_file lock = co_await waiter.async_acquire(dir.path / "f.lock");
        BOOST_TEST(lock.owns_lock());
    });
}

#endif

BOOST_AUTO_TEST_CASE(a_strand_as_the_waiters_executor, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    asio::io_context io;
    auto strand = asio::make_strand(io);
    lockfile::basic_lock_waiter<decltype(strand)> waiter(strand);
    bool on_strand = false;
    waiter.async_acquire(dir.path / "f.lock",
                         [&](boost::system::error_code ec, lockfile::lock_file lock) {
                             BOOST_TEST(!ec);
                             BOOST_TEST(lock.owns_lock());
                             on_strand = strand.running_in_this_thread();
                         });
    io.run();
    BOOST_TEST(on_strand);
}

BOOST_AUTO_TEST_CASE(the_handlers_own_executor_is_honoured, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    asio::io_context io;
    auto strand = asio::make_strand(io);
    bool on_strand = false;
    lockfile::async_acquire(
        io.get_executor(), dir.path / "f.lock",
        asio::bind_executor(strand, [&](boost::system::error_code, lockfile::lock_file) {
            on_strand = strand.running_in_this_thread();
        }));
    io.run();
    BOOST_TEST(on_strand);
}

#if BOOST_VERSION >= 108000
BOOST_AUTO_TEST_CASE(deferred, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    auto operation = waiter.async_acquire(dir.path / "f.lock", asio::deferred);
    bool done = false;
    std::move(operation)([&](boost::system::error_code ec, lockfile::lock_file lock) {
        BOOST_TEST(!ec);
        done = lock.owns_lock();
    });
    io.run();
    BOOST_TEST(done);
}
#endif
