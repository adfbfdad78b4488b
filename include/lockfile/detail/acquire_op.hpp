// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_DETAIL_ACQUIRE_OP_HPP_INCLUDED
#define LOCKFILE_DETAIL_ACQUIRE_OP_HPP_INCLUDED

// async_acquire's waiting machinery: try, wait on a timer (backoff with
// jitter, woken early by the file-lock side), try again; cancellation and
// timeout. The file-lock protocol is all behind detail::wait_ticket.

#include <utility> // before Asio: use_awaitable with g++ 12 and Boost 1.74 needs it

#include <lockfile/async_options.hpp>
#include <lockfile/detail/wait_ticket.hpp>
#include <lockfile/error.hpp>
#include <lockfile/lock_file.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/version.hpp>
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
#include <boost/asio/posix/stream_descriptor.hpp>
#endif
#if BOOST_VERSION >= 107700
#include <boost/asio/cancellation_type.hpp>
#endif

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

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
          options_(clamped(options)), interval_(options_.first_retry),
          random_(static_cast<std::minstd_rand::result_type>(
              std::chrono::steady_clock::now().time_since_epoch().count()))
    {
        if (options.timeout)
            deadline_ = deadline_after(std::chrono::steady_clock::now(), *options.timeout);
    }

    // The retry intervals as acquire_options documents them.
    static acquire_options clamped(acquire_options options)
    {
        options.first_retry = std::max(options.first_retry, acquire_options::min_retry);
        options.max_retry = std::max(options.max_retry, options.first_retry);
        return options;
    }

    // now + timeout, or none where that sum passes the clock's end.
    static std::optional<std::chrono::steady_clock::time_point>
    deadline_after(std::chrono::steady_clock::time_point now,
                   std::chrono::steady_clock::duration timeout)
    {
        if (timeout > std::chrono::steady_clock::time_point::max() - now)
            return std::nullopt;
        return now + std::max(timeout, std::chrono::steady_clock::duration::zero());
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
    boost::asio::steady_timer& timer() noexcept { return timer_; }
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
            self->timer_.cancel();
        });
    }

    void wake()
    {
        woken_ = true;
        timer_.cancel();
    }

    // Whether a wake-up came since the last call.
    bool take_woken() noexcept { return std::exchange(woken_, false); }

    bool expired() const { return deadline_ && std::chrono::steady_clock::now() >= *deadline_; }

    // The wait before the next try. A waiter queued behind this process's
    // holder is handed the lock in turn: its timer is only a safety net. The
    // one that watches the file backs off with jitter, so that many waiters
    // do not wake in lockstep; after an early wake-up that found the lock
    // still held (a holder closing before the kernel dropped its flock), it
    // retries once more soon.
    std::chrono::steady_clock::duration next_delay(bool watching, bool after_wake)
    {
        using duration = std::chrono::steady_clock::duration;
        // The kernel drops a closing holder's locks a few microseconds after
        // it reports the close.
        constexpr duration soon = std::chrono::microseconds(100);
        duration delay = options_.max_retry;
        if (watching && after_wake) {
            delay = std::min<duration>(soon, options_.first_retry);
        } else if (watching) {
            std::uniform_int_distribution<duration::rep> jitter(interval_.count() / 2,
                                                                interval_.count());
            delay = duration(jitter(random_));
            interval_ = interval_ > options_.max_retry / 2 ? options_.max_retry : interval_ * 2;
        }
        if (deadline_)
            delay = std::min<duration>(delay, *deadline_ - std::chrono::steady_clock::now());
        return delay;
    }

    // Starts reading the file-lock side's early wake-up descriptor, if any.
    void watch()
    {
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
        if (watch_ || !options_.early_wakeup)
            return;
        const int fd = ticket_->event_reader();
        if (fd < 0)
            return;
        watch_.emplace(strand_, fd);
        read_watch();
#endif
    }

    // Releases everything but the lock taken, if any.
    void stop() noexcept
    {
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
        if (watch_) {
            boost::system::error_code ignored;
            watch_->close(ignored);
            watch_.reset();
        }
#endif
        if (ticket_)
            ticket_->leave();
    }

private:
#if defined(BOOST_ASIO_HAS_POSIX_STREAM_DESCRIPTOR)
    void read_watch()
    {
        watch_->async_read_some(
            boost::asio::buffer(events_),
            boost::asio::bind_executor(strand_, [self = this->shared_from_this()](
                                                    boost::system::error_code ec, std::size_t n) {
                if (ec || !self->watch_)
                    return; // closed: the timer goes on alone
                wait_ticket::on_watch_events(self->events_.data(), n);
                self->read_watch();
            }));
    }

    std::optional<boost::asio::posix::stream_descriptor> watch_;
    std::array<char, 4096> events_{};
#endif
    strand_type strand_;
    boost::asio::steady_timer timer_;
    acquire_options options_;
    std::optional<wait_ticket> ticket_;
    std::optional<std::chrono::steady_clock::time_point> deadline_;
    std::chrono::steady_clock::duration interval_;
    std::minstd_rand random_;
    bool woken_ = false;
    bool cancelled_ = false;
};

// A handler that runs `handler` on `strand` and hides every other associated
// property (in particular the cancellation slot: cancellation reaches the
// state through post_cancel(), on its strand, never from a foreign thread).
template <class Handler, class Strand> struct on_strand {
    using executor_type = Strand;
    executor_type get_executor() const noexcept { return strand; }

    template <class... Args> void operator()(Args&&... args)
    {
        handler(std::forward<Args>(args)...);
    }

    Handler handler;
    Strand strand;
};

// The acquisitions of one basic_lock_waiter, for its cancel().
template <class Executor> class pending_acquisitions {
public:
    void add(const std::shared_ptr<acquire_state<Executor>>& state)
    {
        std::lock_guard<std::mutex> guard(mutex_);
        states_.erase(std::remove_if(states_.begin(), states_.end(),
                                     [](const auto& weak) { return weak.expired(); }),
                      states_.end());
        states_.push_back(state);
    }

    void cancel_all()
    {
        std::lock_guard<std::mutex> guard(mutex_);
        for (const auto& weak : states_)
            if (const auto state = weak.lock())
                state->post_cancel();
        states_.clear();
    }

private:
    std::mutex mutex_;
    std::vector<std::weak_ptr<acquire_state<Executor>>> states_;
};

template <class Executor> class acquire_op {
public:
    explicit acquire_op(std::shared_ptr<acquire_state<Executor>> state) : state_(std::move(state))
    {
    }

    template <class Self> void operator()(Self& self, boost::system::error_code = {})
    {
        switch (phase_) {
        case phase::start:
            phase_ = phase::attempt;
            accept_every_cancellation(self);
            // The handler is never invoked from inside the initiating call.
            boost::asio::post(bind_strand(std::move(self)));
            return;
        case phase::attempt:
            return attempt(self);
        case phase::complete:
            state_.reset();
            self.complete(result_, std::move(lock_));
            return;
        }
    }

private:
    using strand_type = typename acquire_state<Executor>::strand_type;
    enum class phase { start, attempt, complete };

    // `self` carries this op: the strand is copied out before it moves.
    template <class Self> on_strand<Self, strand_type> bind_strand(Self&& self)
    {
        strand_type strand = state_->strand();
        return {std::move(self), std::move(strand)};
    }

    template <class Self> void accept_every_cancellation(Self& self)
    {
#if BOOST_VERSION >= 107700
        // Terminal, partial and total alike: a cancelled acquisition holds
        // nothing and leaves nothing behind.
        self.reset_cancellation_state(boost::asio::enable_total_cancellation());
#else
        (void)self;
#endif
    }

    template <class Self> bool cancelled(const Self& self) const
    {
#if BOOST_VERSION >= 107700
        if (self.cancelled() != boost::asio::cancellation_type::none)
            return true; // emitted between two waits
#else
        (void)self;
#endif
        return state_->cancelled();
    }

    // async_compose clears the slot at every step: the handler that passes a
    // cancellation to the state (on its strand) is installed before each wait.
    template <class Self> void listen_for_cancellation(Self& self)
    {
#if BOOST_VERSION >= 107700
        auto slot = self.get_cancellation_state().slot();
        if (slot.is_connected()) {
            std::weak_ptr<acquire_state<Executor>> weak = state_;
            slot.assign([weak](boost::asio::cancellation_type type) {
                if (type == boost::asio::cancellation_type::none)
                    return;
                if (const auto state = weak.lock())
                    state->post_cancel();
            });
        }
#else
        (void)self;
#endif
    }

    template <class Self> void attempt(Self& self)
    {
        auto& state = *state_;
        if (cancelled(self))
            return finish(self, boost::asio::error::operation_aborted, {});
        const bool after_wake = state.take_woken();
        bool watching = false;
        boost::system::error_code ec;
        lock_file lock = state.ticket().try_acquire(watching, ec);
        if (ec != error::already_locked) // taken, or an error no wait can cure
            return finish(self, ec, std::move(lock));
        if (state.expired())
            return finish(self, error::timed_out, {});
        if (watching)
            state.watch();
        state.timer().expires_after(state.next_delay(watching, after_wake));
        listen_for_cancellation(self);
        state.timer().async_wait(bind_strand(std::move(self)));
    }

    // Releases the state, then completes on the handler's own executor.
    template <class Self> void finish(Self& self, boost::system::error_code ec, lock_file lock)
    {
        state_->stop();
        result_ = ec;
        lock_ = std::move(lock);
        phase_ = phase::complete;
        boost::asio::dispatch(std::move(self));
    }

    std::shared_ptr<acquire_state<Executor>> state_;
    phase phase_ = phase::start;
    boost::system::error_code result_;
    lock_file lock_;
};

template <class Executor, class CompletionToken>
auto initiate_acquire(const Executor& executor, pending_acquisitions<Executor>* pending,
                      const path_arg& path, const acquire_options& options, CompletionToken&& token)
{
    auto state = std::make_shared<acquire_state<Executor>>(executor, options);
    state->open_ticket(path);
    if (pending)
        pending->add(state);
    return boost::asio::async_compose<CompletionToken, void(boost::system::error_code, lock_file)>(
        acquire_op<Executor>(std::move(state)), token, executor);
}

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_DETAIL_ACQUIRE_OP_HPP_INCLUDED
