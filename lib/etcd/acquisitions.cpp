// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The client's list of started acquisitions, pruned as they go.
#include "acquisitions.hpp"

#include "lock_state.hpp"

#include <algorithm>
#include <utility>

namespace lockfile {
namespace etcd {
namespace detail {

void acquisitions::add(const std::shared_ptr<lock_state>& state)
{
    started_.erase(std::remove_if(started_.begin(), started_.end(),
                                  [](const std::weak_ptr<lock_state>& started) {
                                      const auto alive = started.lock();
                                      return !alive || !alive->acquiring();
                                  }),
                   started_.end());
    started_.push_back(state);
}

void acquisitions::cancel_all()
{
    for (const auto& started : std::exchange(started_, {}))
        if (const auto state = started.lock())
            state->cancel();
}

} // namespace detail
} // namespace etcd
} // namespace lockfile
