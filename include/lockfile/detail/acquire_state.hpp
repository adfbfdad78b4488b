// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_DETAIL_ACQUIRE_STATE_HPP_INCLUDED
#define LOCKFILE_DETAIL_ACQUIRE_STATE_HPP_INCLUDED

// The state of one async_acquire: its strand, timer, deadline, backoff and
// early wake-up, around the file-lock side (detail::wait_ticket).

#include <utility> // before Asio: use_awaitable with g++ 12 and Boost 1.74 needs it

#include <lockfile/async_options.hpp>
#include <lockfile/detail/retry_backoff.hpp>
#include <lockfile/detail/wait_ticket.hpp>
#include <lockfile/path_arg.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
#include <boost/asio/posix/stream_descriptor.hpp>
#endif

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>

namespace lockfile {
namespace detail {

// One acquisition's state. Everything but post_wake() and post_cancel()
// runs on its strand: the file-lock side wakes it from any thread.
template <class Executor> class acquire_state
    : public std::enable_shared_from_this<acquire_state<Executor>> {
public:
    using strand_type = boost::asio::strand<Executor>;

    acquire_state(const Executor& executor, const acquire_options& options)
        : strand_(boost::asio::make_strand(executor)), timer_(strand_),
          options_(retry_backoff::clamped(options)), backoff_(options_),
          random_(static_cast<std::minstd_rand::result_type>(
              std::chrono::steady_clock::now().time_since_epoch().count()))
    {
        if (options.timeout)
            deadline_ = deadline_after(std::chrono::steady_clock::now(), *options.timeout);
    }

    void open_ticket(const path_arg& path)
    {
        std::weak_ptr<acquire_state> weak = this->weak_from_this();
        ticket_.emplace(path, options_.lock, [weak] {
            if (const auto self = weak.lock())
                self->post_wake();
        });
    }

    const strand_type& strand() const noexcept { return strand_; }
    wait_ticket& ticket() noexcept { return *ticket_; }
    bool cancelled() const noexcept { return cancelled_; }

    // Thread-safe: schedule an early retry, or the end. On the strand (an
    // inotify event read by this very acquisition) without a detour through
    // the scheduler: one hop less between a release and the retry.
    void post_wake()
    {
        if (strand_.running_in_this_thread())
            return wake();
        boost::asio::post(strand_, [self = this->shared_from_this()] { self->wake(); });
    }
    void post_cancel()
    {
        boost::asio::post(strand_, [self = this->shared_from_this()] {
            self->cancelled_ = true;
            self->interrupt();
        });
    }

    void wake()
    {
        woken_ = true;
        interrupt();
    }

    // Whether a wake-up came since the last call.
    bool take_woken() noexcept { return std::exchange(woken_, false); }

    bool expired() const { return deadline_ && std::chrono::steady_clock::now() >= *deadline_; }

    // The wait before the next try (retry_backoff), cut short at the
    // deadline.
    std::chrono::steady_clock::duration next_delay(bool watching, bool after_wake)
    {
        return until_deadline(backoff_.next(watching, after_wake, random_), deadline_,
                              std::chrono::steady_clock::now());
    }

    // Follows the file-lock side: an acquisition that is its file's watcher
    // reads the process's inotify events through a descriptor of its own;
    // one that no longer is lets the descriptor go. A watch that failed is
    // not reopened: the timer goes on alone.
    void watch(bool watching)
    {
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
        if (!watching) {
            if (watch_)
                close_watch();
            return;
        }
        if (watch_ || watch_failed_ || !options_.early_wakeup)
            return;
        const int fd = ticket_->event_reader();
        if (fd >= 0)
            watch_.emplace(strand_, fd);
#else
        (void)watching;
#endif
    }

    // Waits `delay` for the next try, then calls `handler` (on the strand)
    // with (error_code, bytes) for end_wait(). A watching acquisition waits
    // in a read of its descriptor, which the timer cuts short: the events
    // that wake it are in hand when it resumes, with no hop through the
    // timer. wake() and cancellation end the wait early.
    template <class Handler>
    void async_wait(std::chrono::steady_clock::duration delay, Handler&& handler)
    {
        timer_.expires_after(delay);
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
        if (watch_) {
            // A timer handler already queued when its wait ended must not
            // cut the next wait's read short: it checks the wait it was for.
            timer_due_ = false;
            timer_.async_wait(boost::asio::bind_executor(
                strand_, [weak = this->weak_from_this(),
                          wait = ++waits_](boost::system::error_code ec) {
                    const auto self = weak.lock();
                    if (self && !ec && wait == self->waits_) {
                        self->timer_due_ = true;
                        self->cancel_read();
                    }
                }));
            return resume_wait(std::forward<Handler>(handler));
        }
#endif
        timer_.async_wait(std::forward<Handler>(handler));
    }

    // What async_wait's handler got; returns whether to try now. Events read
    // go to the file-lock side, which wakes their files' first waiters: this
    // one, or others (then the wait goes on, with resume_wait(), its timer
    // and backoff untouched). A watch that fails is closed.
    bool end_wait(boost::system::error_code ec, std::size_t bytes) noexcept
    {
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
        if (watch_ && !ec && bytes > 0) {
            wait_ticket::on_watch_events(events_.data(), bytes);
            return woken_ || timer_due_ || cancelled_;
        }
        if (ec && ec != boost::asio::error::operation_aborted && watch_) {
            close_watch();
            watch_failed_ = true;
        }
#else
        (void)ec;
        (void)bytes;
#endif
        return true;
    }

    // Reads the watch again, for a wait that end_wait() says goes on.
    template <class Handler> void resume_wait(Handler&& handler)
    {
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
        watch_->async_read_some(boost::asio::buffer(events_), std::forward<Handler>(handler));
#else
        (void)handler;
#endif
    }

    // Releases everything but the lock taken, if any.
    void stop() noexcept
    {
        timer_.cancel();
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
        if (watch_)
            close_watch();
#endif
        if (ticket_)
            ticket_->leave();
    }

private:
    // Ends the wait in progress: a watching acquisition's read (its timer
    // is left to the next wait or to stop(), off the hand-off's path), or
    // the timer.
    void interrupt()
    {
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
        if (watch_)
            return cancel_read();
#endif
        timer_.cancel();
    }

    void cancel_read()
    {
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
        if (watch_) {
            boost::system::error_code ignored;
            watch_->cancel(ignored);
        }
#endif
    }

#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
    void close_watch() noexcept
    {
        boost::system::error_code ignored;
        watch_->close(ignored);
        watch_.reset();
    }

    std::optional<boost::asio::posix::stream_descriptor> watch_;
    std::array<char, 4096> events_{};
    std::uint64_t waits_ = 0;
    bool timer_due_ = false;
    bool watch_failed_ = false;
#endif
    strand_type strand_;
    boost::asio::steady_timer timer_;
    acquire_options options_;
    std::optional<wait_ticket> ticket_;
    std::optional<steady_time> deadline_;
    retry_backoff backoff_;
    std::minstd_rand random_;
    bool woken_ = false;
    bool cancelled_ = false;
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_DETAIL_ACQUIRE_STATE_HPP_INCLUDED
