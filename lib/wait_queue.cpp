// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The waiters of one file and the hand-over of its lock among them.
#include "wait_queue.hpp"

#include "lock_entry.hpp"

#include <algorithm>

namespace lockfile {
namespace detail {

bool wait_queue::is_head(const waiter& w) const noexcept
{
    return !waiters_.empty() && waiters_.front() == &w;
}

void wait_queue::wake_head() const
{
    if (!waiters_.empty())
        waiters_.front()->wake();
}

void wait_queue::join(waiter& w, const std::shared_ptr<lock_entry>& entry)
{
    waiters_.push_back(&w);
    w.queued_on = entry;
}

bool wait_queue::leave(waiter& w) noexcept
{
    const bool was_head = is_head(w);
    waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), &w), waiters_.end());
    w.queued_on = nullptr;
    return was_head;
}

void wait_queue::disband() noexcept
{
    for (waiter* w : waiters_) {
        w->queued_on = nullptr;
        w->wake();
    }
    waiters_.clear();
}

bool hand_over(const std::shared_ptr<lock_entry>& entry)
{
    auto& queue = entry->waiters().waiters_;
    kernel_lock& locks = entry->locks();
    while (!queue.empty()) {
        waiter* next = queue.front();
        const bool same_kind =
            next->options.mode == locks.mode() && next->options.owner == locks.owner();
        const bool joins = !entry->held() || locks.mode() == lock_mode::shared;
        if (entry->held() && !(same_kind && joins))
            return false; // held: the rest wait for the release
        if (!entry->held() && !same_kind) {
            locks.unlock();
            next->wake(); // it retries with its own mode
            return false;
        }
        queue.erase(queue.begin());
        next->queued_on = nullptr;
        next->handed = entry;
        entry->add_holder();
        next->wake();
        if (locks.mode() == lock_mode::exclusive)
            return false;
    }
    if (entry->held())
        return false;
    locks.unlock();
    return true;
}

} // namespace detail
} // namespace lockfile
