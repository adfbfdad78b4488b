// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_ETCD_LOCK_STATE_HPP_INCLUDED
#define LOCKFILE_LIB_ETCD_LOCK_STATE_HPP_INCLUDED

// One lock on etcd from its acquisition to its release: a lease of its own
// (one lease per lock, as the recipe wants), the recipe's key on it, the
// timeout, and who waits for its loss. On the client's executor.

#include "lease.hpp"
#include "mutex.hpp"

#include <lockfile/etcd/lock.hpp>

#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lockfile {
namespace etcd {
namespace detail {

class lock_state : public std::enable_shared_from_this<lock_state> {
public:
    using callback = std::function<void(boost::system::error_code)>;

    lock_state(const client& through, std::string name, acquire_options options);

    void acquire(callback done);
    // Stops an acquisition: it completes with operation_aborted, nothing left
    // in the queue.
    void cancel();
    // Revokes the lease, which deletes the key: the next waiter's turn.
    void release(callback done);
    // Calls `lost` once the lock is lost, or at once (posted) if it is.
    void when_lost(callback lost);

    bool acquiring() const { return acquired_ != nullptr; }
    bool owns() const;
    // Held and not released (lost or not): what release() acts on.
    bool releasable() const { return held_ && !released_; }
    std::int64_t fencing_token() const { return mutex_ ? mutex_->fencing_token() : 0; }
    const std::string& name() const { return name_; }
    const std::string& key() const;
    const std::string& failure() const { return failure_; }
    const boost::asio::any_io_executor& executor() const { return executor_; }

private:
    void on_granted(const gateway_answer& answer);
    void on_locked(boost::system::error_code ec, const std::string& failure);
    void fail(boost::system::error_code ec, const std::string& failure);
    void on_lease_lost(boost::system::error_code ec, const std::string& why);
    void tell_lost(boost::system::error_code ec);

    boost::asio::any_io_executor executor_;
    std::shared_ptr<gateway> requests_;
    std::string name_;
    acquire_options options_;
    std::shared_ptr<lease> lease_;
    std::shared_ptr<mutex> mutex_;
    boost::asio::steady_timer timeout_;
    callback acquired_;
    std::vector<callback> lost_waiters_;
    boost::system::error_code lost_;
    std::string failure_;
    bool held_ = false;
    bool released_ = false;
};

} // namespace detail
} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_LIB_ETCD_LOCK_STATE_HPP_INCLUDED
