// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_DETAIL_ACQUIRE_OP_HPP_INCLUDED
#define LOCKFILE_DETAIL_ACQUIRE_OP_HPP_INCLUDED

// async_acquire's composed operation: try, wait on the state's timer
// (woken early by the file-lock side), try again, until the lock is taken,
// an error no wait can cure comes, the timeout passes or it is cancelled.

#include <utility> // before Asio: use_awaitable with g++ 12 and Boost 1.74 needs it

#include <lockfile/async_options.hpp>
#include <lockfile/detail/acquire_state.hpp>
#include <lockfile/detail/asio_cancellation.hpp>
#include <lockfile/detail/on_strand.hpp>
#include <lockfile/detail/pending_acquisitions.hpp>
#include <lockfile/error.hpp>
#include <lockfile/lock_file.hpp>
#include <lockfile/path_arg.hpp>

#include <boost/asio/compose.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

#include <memory>

namespace lockfile {
namespace detail {

template <class Executor> class acquire_op {
public:
    explicit acquire_op(std::shared_ptr<acquire_state<Executor>> state) : state_(std::move(state))
    {
    }

    // Resumed by async_wait with (error_code, bytes read by a watch).
    template <class Self>
    void operator()(Self& self, boost::system::error_code ec = {}, std::size_t bytes = 0)
    {
        switch (phase_) {
        case phase::start:
            phase_ = phase::attempt;
            accept_every_cancellation(self);
            // The handler is never invoked from inside the initiating call.
            boost::asio::post(bind_strand(std::move(self)));
            return;
        case phase::attempt:
            if (state_->end_wait(ec, bytes))
                return attempt(self);
            return state_->resume_wait(bind_strand(std::move(self)));
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

    template <class Self> void attempt(Self& self)
    {
        auto& state = *state_;
        if (cancellation_requested(self) || state.cancelled())
            return finish(self, boost::asio::error::operation_aborted, {});
        const bool after_wake = state.take_woken();
        bool watching = false;
        boost::system::error_code ec;
        lock_file lock = state.ticket().try_acquire(watching, ec);
        if (ec != error::already_locked) // taken, or an error no wait can cure
            return finish(self, ec, std::move(lock));
        if (state.expired())
            return finish(self, error::timed_out, {});
        state.watch(watching);
        on_cancellation(self, [weak = std::weak_ptr<acquire_state<Executor>>(state_)] {
            if (const auto cancelled = weak.lock())
                cancelled->post_cancel(); // on its strand, from whatever thread
        });
        state.async_wait(state.next_delay(watching, after_wake), bind_strand(std::move(self)));
    }

    // Completes on the handler's own executor. A failure first releases the
    // state (so that a lock handed to it meanwhile is passed on before its
    // handler runs); a success holds the lock and leaves its queue already,
    // so its timer and watch are let go after the handler, off the path of
    // the hand-off.
    template <class Self> void finish(Self& self, boost::system::error_code ec, lock_file lock)
    {
        if (ec)
            state_->stop();
        else
            boost::asio::post(state_->strand(), [state = state_] { state->stop(); });
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
