// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Waiters of one process for one file queue, first come first served: the
// holder's release hands the lock to the next one, only the first of them
// watches the file, and each gets the lock once, one at a time.
#define BOOST_TEST_MODULE async_queue
#include <boost/test/unit_test.hpp>

#include <lockfile/async_acquire.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;

// Records who holds the lock when; every holder keeps it for one turn of
// the io_context, then releases it.
struct ledger {
    std::mutex mutex;
    std::vector<int> order;
    int inside = 0;
    int overlaps = 0;
    int errors = 0;

    auto holder(asio::io_context& io, int id)
    {
        return [this, &io, id](boost::system::error_code ec, lockfile::lock_file lock) {
            {
                std::lock_guard<std::mutex> guard(mutex);
                if (ec || !lock.owns_lock()) {
                    ++errors;
                    return;
                }
                order.push_back(id);
                if (++inside != 1)
                    ++overlaps;
            }
            asio::post(io, [this, held = std::move(lock)]() mutable {
                {
                    std::lock_guard<std::mutex> guard(mutex);
                    --inside;
                }
                held.close();
            });
        };
    }
};

constexpr int thousand = 1000;

// A thousand waiters queue behind this process's holder, which then
// releases; the io_context runs on `threads` threads.
void thousand_waiters(ledger& book, int threads)
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file holder(path);

    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    for (int id = 0; id < thousand; ++id)
        waiter.async_acquire(path, book.holder(io, id));
    asio::post(io, [&] { holder.close(); }); // after every waiter has queued
    std::vector<std::thread> runners;
    for (int t = 1; t < threads; ++t)
        runners.emplace_back([&] { io.run(); });
    io.run();
    for (auto& runner : runners)
        runner.join();

    BOOST_TEST(book.errors == 0);
    BOOST_TEST(book.overlaps == 0);
    BOOST_TEST(book.order.size() == static_cast<std::size_t>(thousand));
}

} // namespace

BOOST_AUTO_TEST_CASE(a_thousand_waiters_in_fifo_order, *boost::unit_test::timeout(60))
{
    ledger book;
    thousand_waiters(book, 1);
    std::vector<int> expected(thousand);
    for (int id = 0; id < thousand; ++id)
        expected[static_cast<std::size_t>(id)] = id;
    BOOST_TEST(book.order == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_thousand_waiters_on_four_threads, *boost::unit_test::timeout(60))
{
    ledger book;
    thousand_waiters(book, 4);
    std::sort(book.order.begin(), book.order.end());
    BOOST_TEST((std::adjacent_find(book.order.begin(), book.order.end()) == book.order.end()));
}

BOOST_AUTO_TEST_CASE(only_the_first_waiter_watches_the_file, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto other = lockfile_test::hold_elsewhere(path);

    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    ledger book;
    constexpr int count = 100;
    for (int id = 0; id < count; ++id)
        waiter.async_acquire(path, book.holder(io, id));
    asio::post(io, [&] {
        // Every waiter has tried once: one watch, one reader of the instance
        // besides the instance itself, whatever the number of waiters.
        BOOST_TEST(lockfile_test::inotify_watches() == 1);
        BOOST_TEST(lockfile_test::open_descriptors("anon_inode:inotify") == 2);
        other.close_stdin();
    });
    io.run();

    BOOST_TEST(book.errors == 0);
    BOOST_TEST(book.overlaps == 0);
    BOOST_TEST(book.order.size() == static_cast<std::size_t>(count));
    BOOST_TEST(std::is_sorted(book.order.begin(), book.order.end()));
    BOOST_TEST(lockfile_test::inotify_watches() == 0); // removed with the last waiter
}
