// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Acquiring (lease, then the recipe), holding, losing and releasing one lock.
#include "lock_state.hpp"

#include "../content_template.hpp"
#include "gateway.hpp"
#include "queue.hpp"

#include <lockfile/error.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

namespace lockfile {
namespace etcd {
namespace detail {

lock_state::lock_state(const client& through, std::string name, acquire_options options)
    : executor_(through.get_executor()), requests_(through.requests()), name_(std::move(name)),
      options_(std::move(options)), timeout_(executor_)
{
}

void lock_state::acquire(callback done)
{
    acquired_ = std::move(done);
    boost::system::error_code refused;
    const std::string content =
        lockfile::detail::render_content(options_.content_template, refused);
    if (!valid_lock_name(name_))
        refused = error::bad_name;
    if (refused)
        return boost::asio::post(executor_, [self = shared_from_this(), refused] {
            self->fail(refused, "lock name '" + self->name_ + "': " + refused.message());
        });
    if (options_.timeout) {
        timeout_.expires_after(*options_.timeout);
        timeout_.async_wait([self = shared_from_this()](boost::system::error_code e) {
            if (!e && self->acquired_)
                self->fail(lockfile::error::timed_out, "timed out waiting for " + self->name_);
        });
    }
    lease_ = std::make_shared<lease>(requests_, executor_);
    lease_->grant(
        options_.ttl,
        [self = shared_from_this(), content](const gateway_answer& a) {
            if (a.ec)
                return self->fail(a.ec, a.failure);
            if (!self->acquired_) // cancelled or timed out while granting:
                return self->lease_->revoke([](const gateway_answer&) {}); // the lease goes too
            // The zc.lockfile form of lock files: " CONTENT\n".
            self->mutex_ = std::make_shared<mutex>(self->requests_, self->name_, self->lease_->id(),
                                                   " " + content + "\n");
            self->mutex_->lock(self->options_.try_once,
                               [weak = std::weak_ptr<lock_state>(self)](
                                   boost::system::error_code ec, const std::string& failure) {
                                   if (const auto state = weak.lock())
                                       state->on_locked(ec, failure);
                               });
        },
        // Weak: the lease keeps this callback as long as it lives, and this
        // state keeps the lease.
        [weak = weak_from_this()](boost::system::error_code ec, const std::string& why) {
            if (const auto self = weak.lock())
                self->on_lease_lost(ec, why);
        });
}

void lock_state::on_locked(boost::system::error_code ec, const std::string& failure)
{
    if (ec)
        return fail(ec, failure);
    if (!acquired_)
        return;
    held_ = true;
    timeout_.cancel();
    std::exchange(acquired_, nullptr)({}); // posts the handler
    // The watch of our own key (a new connection) starts after the handler,
    // off the hand-off's path; from the key's create revision, so that it
    // misses no deletion since. On the flags, not owns(): a lease whose
    // local deadline passed may still be renewed.
    boost::asio::post(executor_, [weak = weak_from_this()] {
        const auto self = weak.lock();
        if (!self || !self->releasable() || self->lost_)
            return;
        self->mutex_->watch_own_key([weak] {
            if (const auto held = weak.lock()) {
                held->failure_ = "the key " + held->key() + " was deleted by someone else";
                held->tell_lost(error::lease_lost);
            }
        });
    });
}

// The acquisition ends without the lock: the lease goes, and its key with it.
void lock_state::fail(boost::system::error_code ec, const std::string& failure)
{
    if (!acquired_)
        return;
    // Taken first: cancelling the recipe reports back here.
    const callback done = std::exchange(acquired_, nullptr);
    failure_ = failure;
    timeout_.cancel();
    if (mutex_)
        mutex_->cancel();
    if (lease_ && !lease_->id().empty())
        lease_->revoke([](const gateway_answer&) {});
    done(ec);
}

void lock_state::cancel()
{
    fail(boost::asio::error::operation_aborted, {});
}

void lock_state::release(callback done)
{
    if (!releasable())
        return boost::asio::post(executor_, [done = std::move(done)] {
            done(boost::asio::error::operation_not_supported);
        });
    released_ = true;
    mutex_->stop_watching(); // the revocation deletes the key: no loss
    lease_->revoke([self = shared_from_this(), done = std::move(done)](const gateway_answer& a) {
        if (a.ec)
            self->failure_ = a.failure;
        self->tell_lost(boost::asio::error::operation_aborted); // released, not lost
        done(a.ec);
    });
}

void lock_state::on_lease_lost(boost::system::error_code ec, const std::string& why)
{
    failure_ = why;
    if (acquired_)
        return fail(ec, why);
    tell_lost(ec);
}

void lock_state::tell_lost(boost::system::error_code ec)
{
    if (lost_)
        return;
    lost_ = ec;
    for (auto& waiter : std::exchange(lost_waiters_, {}))
        boost::asio::post(executor_, [waiter = std::move(waiter), ec] { waiter(ec); });
}

void lock_state::when_lost(callback lost)
{
    if (lost_)
        return boost::asio::post(executor_, [lost = std::move(lost), ec = lost_] { lost(ec); });
    lost_waiters_.push_back(std::move(lost));
}

bool lock_state::owns() const
{
    return held_ && !released_ && !lost_ && lease_ && lease_->alive();
}

const std::string& lock_state::key() const
{
    static const std::string none;
    return mutex_ ? mutex_->key() : none;
}

} // namespace detail
} // namespace etcd
} // namespace lockfile
