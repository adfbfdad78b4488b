// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_DETAIL_PENDING_ACQUISITIONS_HPP_INCLUDED
#define LOCKFILE_DETAIL_PENDING_ACQUISITIONS_HPP_INCLUDED

// The acquisitions a lock_waiter has started, for its cancel().

#include <lockfile/detail/acquire_state.hpp>

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

namespace lockfile {
namespace detail {

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

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_DETAIL_PENDING_ACQUISITIONS_HPP_INCLUDED
