// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// wait_canceller: a shared flag, and the waits it wakes.
#include <lockfile/wait.hpp>

#include "cancel_state.hpp"

namespace lockfile {

wait_canceller::wait_canceller() : state_(std::make_shared<detail::cancel_state>()) {}

void wait_canceller::cancel() noexcept
{
    detail::cancel_all(*state_);
}

bool wait_canceller::cancelled() const noexcept
{
    const std::lock_guard<std::mutex> guard(state_->mutex);
    return state_->cancelled;
}

} // namespace lockfile
