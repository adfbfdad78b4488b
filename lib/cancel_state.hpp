// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_CANCEL_STATE_HPP_INCLUDED
#define LOCKFILE_LIB_CANCEL_STATE_HPP_INCLUDED

// A wait_canceller's state: whether it was cancelled, and the blocking
// waits to wake when it is.

#include <functional>
#include <list>
#include <memory>
#include <mutex>

namespace lockfile {
namespace detail {

struct cancel_state {
    std::mutex mutex;
    bool cancelled = false;
    std::list<std::function<void()>> wakes; // of the waits in progress
};

// Cancels every wait registered now and later.
inline void cancel_all(cancel_state& state) noexcept
{
    const std::lock_guard<std::mutex> guard(state.mutex);
    state.cancelled = true;
    for (const auto& wake : state.wakes)
        wake();
}

// One wait's registration with a canceller (none: never cancelled): `wake`
// is called, from the cancelling thread, if it is cancelled meanwhile.
class cancel_registration {
public:
    cancel_registration(std::shared_ptr<cancel_state> state, std::function<void()> wake)
        : state_(std::move(state))
    {
        if (!state_)
            return;
        const std::lock_guard<std::mutex> guard(state_->mutex);
        at_ = state_->wakes.insert(state_->wakes.end(), std::move(wake));
    }
    cancel_registration(const cancel_registration&) = delete;
    cancel_registration& operator=(const cancel_registration&) = delete;
    ~cancel_registration()
    {
        if (!state_)
            return;
        const std::lock_guard<std::mutex> guard(state_->mutex);
        state_->wakes.erase(at_);
    }

    // Whether anything could cancel it.
    bool cancellable() const noexcept { return state_ != nullptr; }

    bool cancelled() const
    {
        if (!state_)
            return false;
        const std::lock_guard<std::mutex> guard(state_->mutex);
        return state_->cancelled;
    }

private:
    std::shared_ptr<cancel_state> state_;
    std::list<std::function<void()>>::iterator at_;
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_CANCEL_STATE_HPP_INCLUDED
