// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The compiled side of lockfile::etcd::lock and async_acquire.
#include <lockfile/etcd/lock.hpp>

#include "acquisitions.hpp"
#include "lock_state.hpp"

#include <boost/asio/dispatch.hpp>

namespace lockfile {
namespace etcd {
namespace detail {

std::function<void()>
start_acquire(const client& through, const std::string& name, const acquire_options& options,
              std::function<void(boost::system::error_code, std::shared_ptr<lock_state>)> done)
{
    auto state = std::make_shared<lock_state>(through, name, options);
    through.started()->add(state);
    state->acquire(
        [state, done = std::move(done)](boost::system::error_code ec) { done(ec, state); });
    return [weak = std::weak_ptr<lock_state>(state), executor = through.get_executor()] {
        boost::asio::dispatch(executor, [weak] {
            if (const auto acquiring = weak.lock())
                acquiring->cancel();
        });
    };
}

namespace {

// A lock object that never held anything: nothing to release or lose.
bool refused_without_state(const std::shared_ptr<lock_state>& state,
                           const std::function<void(boost::system::error_code)>& done)
{
    if (!state)
        done(boost::asio::error::operation_not_supported); // posted by the caller's wrapper
    return !state;
}

} // namespace

void start_release(const std::shared_ptr<lock_state>& state,
                   std::function<void(boost::system::error_code)> done)
{
    if (!refused_without_state(state, done))
        state->release(std::move(done));
}

void start_wait_lost(const std::shared_ptr<lock_state>& state,
                     std::function<void(boost::system::error_code)> done)
{
    if (!refused_without_state(state, done))
        state->when_lost(std::move(done));
}

void abandon(const std::shared_ptr<lock_state>& state) noexcept
{
    if (state && state->releasable()) // a lease past its local deadline may still live
        state->release([](boost::system::error_code) {});
}

const boost::asio::any_io_executor* executor_of(const lock_state* state) noexcept
{
    return state ? &state->executor() : nullptr;
}

bool owns(const lock_state& state) noexcept
{
    return state.owns();
}

std::int64_t fencing_token(const lock_state& state) noexcept
{
    return state.fencing_token();
}

const std::string& key(const lock_state& state) noexcept
{
    return state.key();
}

const std::string& failure(const lock_state& state) noexcept
{
    return state.failure();
}

} // namespace detail

const std::string& lock::key() const noexcept
{
    static const std::string none;
    return state_ ? detail::key(*state_) : none;
}

const std::string& lock::failure() const noexcept
{
    static const std::string none;
    return state_ ? detail::failure(*state_) : none;
}

} // namespace etcd
} // namespace lockfile
