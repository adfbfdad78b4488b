// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A blocking wait's sleep on Windows: a condition variable (no inotify).
#include "../wake_signal.hpp"

#include <condition_variable>
#include <mutex>

namespace lockfile {
namespace detail {

struct wake_signal::state {
    std::mutex mutex;
    std::condition_variable woken;
};

wake_signal::wake_signal() : state_(std::make_unique<state>()) {}

wake_signal::~wake_signal() = default;

void wake_signal::notify() noexcept
{
    {
        const std::lock_guard<std::mutex> guard(state_->mutex);
        notified_ = true;
    }
    state_->woken.notify_one();
}

void wake_signal::watch(int, dispatch_events) noexcept {}

bool wake_signal::watching() const noexcept
{
    return false;
}

bool wake_signal::wait(std::chrono::steady_clock::time_point until, boost::system::error_code&)
{
    std::unique_lock<std::mutex> guard(state_->mutex);
    state_->woken.wait_until(guard, until, [this] { return notified_.load(); });
    return notified_.exchange(false);
}

} // namespace detail
} // namespace lockfile
