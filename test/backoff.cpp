// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// async_acquire's retry intervals and deadline (detail/retry_backoff.hpp),
// as acquire_options documents them: pure functions, no clock, no Asio.
#define BOOST_TEST_MODULE backoff
#include <boost/test/unit_test.hpp>

#include <lockfile/detail/retry_backoff.hpp>

#include <chrono>
#include <set>

using namespace std::chrono_literals;
using lockfile::acquire_options;
using lockfile::detail::retry_backoff;
using duration = std::chrono::steady_clock::duration;

namespace {

acquire_options with_retries(duration first, duration max)
{
    acquire_options options;
    options.first_retry = first;
    options.max_retry = max;
    return options;
}

} // namespace

BOOST_AUTO_TEST_CASE(intervals_are_clamped_never_rejected, *boost::unit_test::timeout(5))
{
    const auto zero = retry_backoff::clamped(with_retries(0ms, 0ms));
    BOOST_TEST((zero.first_retry == acquire_options::min_retry));
    BOOST_TEST((zero.max_retry == acquire_options::min_retry));
    const auto inverted = retry_backoff::clamped(with_retries(50ms, 10ms));
    BOOST_TEST((inverted.first_retry == 50ms));
    BOOST_TEST((inverted.max_retry == 50ms));
    const auto sane = retry_backoff::clamped(with_retries(2ms, 300ms));
    BOOST_TEST((sane.first_retry == 2ms && sane.max_retry == 300ms));
}

// Queued behind this process's holder, the lock is handed over: the timer
// is a safety net at max_retry, and it does not advance the backoff.
BOOST_AUTO_TEST_CASE(a_queued_waiter_waits_max_retry, *boost::unit_test::timeout(5))
{
    retry_backoff backoff(with_retries(1ms, 500ms));
    std::minstd_rand random(1);
    for (int i = 0; i < 5; ++i)
        BOOST_TEST((backoff.next(false, false, random) == 500ms));
    const duration first_watched = backoff.next(true, false, random);
    BOOST_TEST((first_watched >= 500us && first_watched <= 1ms));
}

// The watching waiter draws each wait between half and all of an interval
// that doubles from first_retry up to max_retry.
BOOST_AUTO_TEST_CASE(the_watcher_backs_off_doubling_with_jitter, *boost::unit_test::timeout(5))
{
    for (unsigned seed : {1u, 2u, 42u, 4242u}) {
        retry_backoff backoff(with_retries(1ms, 500ms));
        std::minstd_rand random(seed);
        duration interval = 1ms;
        for (int step = 0; step < 14; ++step) {
            const duration delay = backoff.next(true, false, random);
            BOOST_TEST_CONTEXT("seed " << seed << ", step " << step)
            {
                BOOST_TEST((delay >= interval / 2 && delay <= interval));
            }
            interval = interval > 250ms ? 500ms : interval * 2;
        }
    }
}

BOOST_AUTO_TEST_CASE(jitter_spreads_the_waits, *boost::unit_test::timeout(5))
{
    retry_backoff backoff(with_retries(500ms, 500ms));
    std::minstd_rand random(7);
    std::set<duration::rep> seen;
    for (int i = 0; i < 100; ++i)
        seen.insert(backoff.next(true, false, random).count());
    BOOST_TEST(seen.size() > 50u); // not in lockstep
}

// After an early wake-up that found the lock still held, it retries soon:
// 100 us, or first_retry if that is shorter; the backoff does not advance.
BOOST_AUTO_TEST_CASE(a_wake_up_is_followed_soon, *boost::unit_test::timeout(5))
{
    retry_backoff backoff(with_retries(1ms, 500ms));
    std::minstd_rand random(3);
    BOOST_TEST((backoff.next(true, true, random) == 100us));
    const duration next = backoff.next(true, false, random);
    BOOST_TEST((next >= 500us && next <= 1ms));
    retry_backoff tiny(with_retries(1ms, 1ms));
    BOOST_TEST((tiny.next(true, true, random) == 100us));
}

BOOST_AUTO_TEST_CASE(the_deadline, *boost::unit_test::timeout(5))
{
    using lockfile::detail::deadline_after;
    using lockfile::detail::until_deadline;
    const auto now = std::chrono::steady_clock::time_point(1h);
    BOOST_TEST((deadline_after(now, 5s) == now + 5s));
    BOOST_TEST((deadline_after(now, -5s) == now)); // already due
    BOOST_TEST(!deadline_after(now, duration::max()).has_value()); // past the clock: none
    BOOST_TEST((until_deadline(10s, now + 3s, now) == 3s));
    BOOST_TEST((until_deadline(1s, now + 3s, now) == 1s));
    BOOST_TEST((until_deadline(1s, std::nullopt, now) == 1s));
    BOOST_TEST((until_deadline(1s, now, now + 2s) == -2s)); // due: the timer fires at once
}
