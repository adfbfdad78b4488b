// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Cancelling async_acquire: cancel(), per-operation cancellation (Boost 1.77
// and later), destroying the io_context. None leaves a lock held, a
// descriptor or a watch behind, or calls a handler twice.
#define BOOST_TEST_MODULE async_cancel
#include <boost/test/unit_test.hpp>

#include <lockfile/async_acquire.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#if defined(LOCKFILE_ASIO_HAS_CANCELLATION_SLOTS)
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#endif

#include <functional>
#include <memory>

namespace {

namespace asio = boost::asio;

struct calls {
    int count = 0;
    boost::system::error_code ec;
    bool owned = false;

    auto handler()
    {
        return [this](boost::system::error_code e, lockfile::lock_file lock) {
            ++count;
            ec = e;
            owned = lock.owns_lock();
        };
    }
};

// Runs `body` while a helper process holds path; afterwards checks that
// the process is back where it started: no descriptor, no watch, and the
// lock free for this process as soon as the helper lets go.
void leaves_nothing_behind(const std::function<void(const boost::filesystem::path&)>& body)
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    const int descriptors = lockfile_test::open_descriptors();
    {
        auto other = lockfile_test::hold_elsewhere(path);
        body(path);
        other.close_stdin();
        BOOST_TEST(other.wait() == 0);
    }
    BOOST_TEST(lockfile_test::inotify_watches() == 0);
    // The process-wide inotify instance may have been created meanwhile.
    BOOST_TEST(lockfile_test::open_descriptors() -
                   lockfile_test::open_descriptors("anon_inode:inotify") <=
               descriptors);
    lockfile::lock_file after(path);
    BOOST_TEST(after.owns_lock());
}

} // namespace

BOOST_AUTO_TEST_CASE(cancel_while_watching_the_file, *boost::unit_test::timeout(30))
{
    leaves_nothing_behind([](const boost::filesystem::path& path) {
        asio::io_context io;
        lockfile::lock_waiter waiter(io);
        calls first, second;
        waiter.async_acquire(path, first.handler());
        waiter.async_acquire(path, second.handler());
        asio::post(io, [&] { waiter.cancel(); });
        io.run();
        for (const calls* c : {&first, &second}) {
            BOOST_TEST(c->count == 1);
            BOOST_TEST(c->ec == asio::error::operation_aborted);
            BOOST_TEST(!c->owned);
        }
    });
}

BOOST_AUTO_TEST_CASE(cancel_racing_a_hand_over_passes_the_lock_on, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file holder(path);
    asio::io_context io;
    lockfile::lock_waiter cancelled_waiter(io), patient_waiter(io);
    calls cancelled, patient;
    cancelled_waiter.async_acquire(path, cancelled.handler());
    patient_waiter.async_acquire(path, patient.handler());
    asio::post(io, [&] {
        holder.close();            // hands the lock to the first waiter...
        cancelled_waiter.cancel(); // ...which is cancelled before it runs
    });
    io.run();
    BOOST_TEST(cancelled.count == 1);
    BOOST_TEST(cancelled.ec == asio::error::operation_aborted);
    BOOST_TEST(patient.count == 1);
    BOOST_TEST(!patient.ec);
    BOOST_TEST(patient.owned); // and released when its handler returned
    lockfile::lock_file after(path);
}

BOOST_AUTO_TEST_CASE(destroying_the_io_context_with_waiters_pending, *boost::unit_test::timeout(30))
{
    leaves_nothing_behind([](const boost::filesystem::path& path) {
        calls outside;
        auto io = std::make_unique<asio::io_context>();
        lockfile::lock_waiter waiter(*io);
        waiter.async_acquire(path, outside.handler());
        lockfile::async_acquire(*io, path, outside.handler());
        io->poll(); // both have tried and wait
        io.reset();
        BOOST_TEST(outside.count == 0); // destroyed, never called
    });
}

BOOST_AUTO_TEST_CASE(destroying_the_io_context_with_a_lock_handed_over,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file holder(path);
    calls never;
    {
        asio::io_context io;
        lockfile::lock_waiter waiter(io);
        waiter.async_acquire(path, never.handler());
        io.poll();
        holder.close(); // hands it over; the waiter never runs again
    }
    BOOST_TEST(never.count == 0);
    lockfile::lock_file after(path); // the handed lock went with the io_context
}

#if defined(LOCKFILE_ASIO_HAS_CANCELLATION_SLOTS)
BOOST_AUTO_TEST_CASE(per_operation_cancellation_of_every_type, *boost::unit_test::timeout(30))
{
    for (const auto type : {asio::cancellation_type::terminal, asio::cancellation_type::partial,
                            asio::cancellation_type::total}) {
        BOOST_TEST_CONTEXT("cancellation type " << static_cast<int>(type))
        {
            leaves_nothing_behind([type](const boost::filesystem::path& path) {
                asio::io_context io;
                asio::cancellation_signal signal;
                calls result;
                lockfile::async_acquire(
                    io, path, asio::bind_cancellation_slot(signal.slot(), result.handler()));
                asio::post(io, [&] { signal.emit(type); });
                io.run();
                BOOST_TEST(result.count == 1);
                BOOST_TEST(result.ec == asio::error::operation_aborted);
                BOOST_TEST(!result.owned);
            });
        }
    }
}
#endif
