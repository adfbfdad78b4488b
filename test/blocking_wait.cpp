// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Blocking waits (lockfile/wait.hpp): a constructor waits for a holder in
// another process, times out, is cancelled from another thread, waits for
// contention only, and queues first come first served with other threads
// and with async_acquire's waiters of the same file.
#define BOOST_TEST_MODULE blocking_wait
#include <boost/test/unit_test.hpp>

#include <lockfile/async_acquire.hpp>
#include <lockfile/lock_file.hpp>
#include <lockfile/wait.hpp>

#include "../lib/registry.hpp"
#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#if defined(__linux__) // the kernel wait's cases
#include <sys/stat.h>

#include <fstream>
#include <limits>
#endif

#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

// A thread that waits for the lock as `how` says.
struct waiting_thread {
    waiting_thread(const boost::filesystem::path& path, lockfile::waiting how)
        : thread([this, path, how] { lock = lockfile::lock_file(path, how, ec); })
    {
    }
    void join() { thread.join(); }

    lockfile::lock_file lock;
    boost::system::error_code ec;
    std::thread thread;
};

} // namespace

BOOST_AUTO_TEST_CASE(waits_for_a_holder_in_another_process, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path);
    waiting_thread waiter(path, lockfile::wait_for(50s));
    lockfile_test::until_queued(path, 1);
    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
    waiter.join();
    BOOST_TEST(!waiter.ec, waiter.ec.message());
    BOOST_TEST(waiter.lock.owns_lock());
    BOOST_TEST(lockfile_test::read_file(path) ==
               " " + std::to_string(lockfile_test::process_id()) + "\n");
    BOOST_TEST(lockfile::detail::registry::instance().queue_length(path) == 0u);
}

BOOST_AUTO_TEST_CASE(times_out_at_the_deadline_holding_nothing, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path);
    const std::string content = lockfile_test::read_file(path);

    const auto start = std::chrono::steady_clock::now();
    boost::system::error_code ec;
    lockfile::lock_file lock(path, lockfile::wait_for(200ms), ec);
    BOOST_TEST((std::chrono::steady_clock::now() - start >= 200ms));
    BOOST_TEST(ec == lockfile::error::timed_out);
    BOOST_TEST(!lock.owns_lock());
    BOOST_TEST(lockfile_test::read_file(path) == content); // untouched
    BOOST_TEST(lockfile::detail::registry::instance().queue_length(path) == 0u);

    // The throwing form names the path; a zero timeout is one attempt.
    try {
        lockfile::simple_lock_file simple(path, lockfile::wait_for(0s));
        BOOST_ERROR("a held lock was taken");
    } catch (const lockfile::lock_error& e) {
        BOOST_TEST(e.code() == lockfile::error::timed_out);
        BOOST_TEST(std::string(e.what()).find(path.string()) != std::string::npos, e.what());
    }
    // A deadline of another clock, already past.
    lockfile::lock_file late(path, lockfile::wait_until(std::chrono::system_clock::now() - 1h), ec);
    BOOST_TEST(ec == lockfile::error::timed_out);
    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
}

BOOST_AUTO_TEST_CASE(only_contention_is_waited_on, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    boost::system::error_code ec;
    // A directory and a missing directory: errors at once, not a wait.
    lockfile::lock_file directory(dir.path, lockfile::wait_forever(), ec);
    BOOST_TEST(ec);
    BOOST_TEST(ec != lockfile::error::timed_out);
    lockfile::simple_lock_file missing(dir.path / "no" / "f.lock", lockfile::wait_forever(), ec);
    BOOST_TEST(ec == boost::system::errc::no_such_file_or_directory);
    lockfile::lock_options bad;
    bad.content_template = "{nope}";
    lockfile::lock_file templated(dir.path / "f.lock", bad, lockfile::wait_forever(), ec);
    BOOST_TEST(ec == lockfile::error::bad_template);
}

BOOST_AUTO_TEST_CASE(another_thread_cancels_the_wait, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path);
    lockfile::wait_canceller stop;
    waiting_thread first(path, lockfile::wait_forever().cancelled_by(stop));
    waiting_thread second(path, lockfile::wait_for(50s).cancelled_by(stop));
    lockfile_test::until_queued(path, 2);
    stop.cancel();
    first.join();
    second.join();
    BOOST_TEST(first.ec == boost::asio::error::operation_aborted);
    BOOST_TEST(second.ec == boost::asio::error::operation_aborted);
    BOOST_TEST(!first.lock.owns_lock());
    BOOST_TEST(lockfile::detail::registry::instance().queue_length(path) == 0u);

    // It stays cancelled: a later wait ends at once.
    boost::system::error_code ec;
    lockfile::lock_file later(path, lockfile::wait_forever().cancelled_by(stop), ec);
    BOOST_TEST(ec == boost::asio::error::operation_aborted);
    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
}

#if defined(__linux__)
namespace {

// Until /proc/locks shows this process blocked in flock(2) on `path`'s
// file: a line "N: -> FLOCK ADVISORY WRITE pid maj:min:inode 0 EOF".
void until_blocked_in_flock(const boost::filesystem::path& path)
{
    struct stat status {};
    BOOST_TEST_REQUIRE(::stat(path.c_str(), &status) == 0);
    BOOST_TEST_REQUIRE(std::ifstream("/proc/locks").is_open(), "/proc/locks is needed");
    const std::string pid = std::to_string(lockfile_test::process_id());
    const std::string inode = ":" + std::to_string(status.st_ino);
    for (;;) {
        std::ifstream locks("/proc/locks");
        std::string number, arrow, type, advisory, mode, holder, device;
        while (locks >> number >> arrow >> type >> advisory >> mode >> holder >> device) {
            if (arrow == "->" && type == "FLOCK" && holder == pid && device.size() > inode.size() &&
                device.compare(device.size() - inode.size(), inode.size(), inode) == 0)
                return;
            locks.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
        }
        std::this_thread::yield();
    }
}

} // namespace

// A wait that nothing but the lock can end blocks in flock(2), which the
// kernel ends the moment the holder lets go; it keeps its place at the head
// of this process's queue (no attempt of this process takes the lock from
// under it, not even a shared one that the holder's shared lock would let
// in) and hands on as any waiter does.
BOOST_AUTO_TEST_CASE(an_endless_wait_blocks_in_the_kernel_in_its_place,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path, {"--shared"});

    std::mutex mutex;
    std::vector<int> order;
    const auto served = [&](int id, boost::system::error_code ec, lockfile::lock_file& lock) {
        const std::lock_guard<std::mutex> guard(mutex);
        order.push_back(ec || !lock.owns_lock() ? -1 : id);
        lock.close();
    };
    std::string written;
    std::thread first([&] {
        boost::system::error_code ec;
        lockfile::lock_file lock(path, lockfile::wait_forever(), ec);
        written = lockfile_test::read_file(path);
        served(0, ec, lock);
    });
    until_blocked_in_flock(path);

    boost::system::error_code ec;
    lockfile::simple_lock_options shared;
    shared.mode = lockfile::lock_mode::shared;
    lockfile::simple_lock_file barging(path, shared, ec);
    BOOST_TEST(ec == lockfile::error::already_locked);
    asio::io_context io;
    lockfile::lock_waiter async_waiter(io);
    async_waiter.async_acquire(path, [&](boost::system::error_code e, lockfile::lock_file lock) {
        served(1, e, lock);
    });
    io.poll();
    lockfile_test::until_queued(path, 2);
    std::thread third([&] {
        boost::system::error_code e;
        lockfile::lock_file lock(path, lockfile::wait_forever(), e);
        served(2, e, lock);
    });
    lockfile_test::until_queued(path, 3);

    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
    first.join();
    io.run();
    third.join();
    BOOST_TEST(order == (std::vector<int>{0, 1, 2}), boost::test_tools::per_element());
    BOOST_TEST(written == " " + std::to_string(lockfile_test::process_id()) + "\n");
    BOOST_TEST(lockfile::detail::registry::instance().queue_length(path) == 0u);
}

// Where the flock is free and a peer of the fcntl family holds the file,
// the kernel's wait ends at once: the waiter lets that flock go (a flock
// peer takes it meanwhile) and sleeps as any other, without spinning, until
// the release.
BOOST_AUTO_TEST_CASE(an_endless_wait_outlasts_an_fcntl_holder, *boost::unit_test::timeout(120))
{
    for (const auto& peer : lockfile_test::fcntl_family()) {
        BOOST_TEST_CONTEXT(peer.name)
        {
            lockfile_test::temp_dir dir;
            const auto path = dir.path / "f.lock";
            lockfile_test::child_process holder(peer.hold(path.string()));
            BOOST_TEST_REQUIRE(holder.read_line() == "locked");
            waiting_thread waiter(path, lockfile::wait_forever());
            lockfile_test::until_queued(path, 1);
            BOOST_TEST(lockfile_test::run({"flock", "-w", "30", path.string(), "true"}) == 0);
            const auto before = lockfile_test::thread_cpu_time(waiter.thread);
            // Not a synchronisation: the span over which the waiter's CPU
            // time is measured (a spin would use all of it).
            std::this_thread::sleep_for(300ms);
            const auto used = lockfile_test::thread_cpu_time(waiter.thread) - before;
            BOOST_TEST_MESSAGE("waiter's CPU over 300 ms: " << used.count() / 1000 << " us");
            BOOST_TEST(used < std::chrono::milliseconds(100));
            holder.close_stdin();
            BOOST_TEST(holder.wait() == 0);
            waiter.join();
            BOOST_TEST(!waiter.ec, waiter.ec.message());
            BOOST_TEST(waiter.lock.owns_lock());
        }
    }
}
#endif

// Blocking threads and async_acquire's waiters, alternating, queue behind
// this process's holder, each only once the one before is queued: they are
// served in that order, one at a time, each once.
BOOST_AUTO_TEST_CASE(a_thousand_threads_and_async_waiters_in_fifo_order,
                     *boost::unit_test::timeout(300))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file holder(path);

    std::mutex mutex;
    std::vector<int> order;
    int inside = 0, overlaps = 0, errors = 0;
    const auto served = [&](int id, boost::system::error_code ec, lockfile::lock_file& lock) {
        {
            const std::lock_guard<std::mutex> guard(mutex);
            if (ec || !lock.owns_lock())
                return void(++errors);
            order.push_back(id);
            overlaps += ++inside != 1;
        }
        const std::lock_guard<std::mutex> guard(mutex);
        --inside;
        lock.close();
    };

    asio::io_context io;
    auto work = asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    lockfile::lock_waiter async_waiter(io);
    std::vector<std::thread> threads;
    constexpr int count = 1000;
    for (int id = 0; id < count; ++id) {
        if (id % 2 == 0)
            threads.emplace_back([&, id] {
                boost::system::error_code ec;
                lockfile::lock_file lock(path, lockfile::wait_forever(), ec);
                served(id, ec, lock);
            });
        else
            async_waiter.async_acquire(path,
                                       [&, id](boost::system::error_code ec,
                                               lockfile::lock_file lock) { served(id, ec, lock); });
        lockfile_test::until_queued(path, static_cast<std::size_t>(id) + 1);
    }
    holder.close();
    for (auto& thread : threads)
        thread.join();
    work.reset();
    runner.join();

    BOOST_TEST(errors == 0);
    BOOST_TEST(overlaps == 0);
    std::vector<int> expected(count);
    for (int id = 0; id < count; ++id)
        expected[static_cast<std::size_t>(id)] = id;
    BOOST_TEST(order == expected, boost::test_tools::per_element());
}
