// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_ETCD_MUTEX_HPP_INCLUDED
#define LOCKFILE_LIB_ETCD_MUTEX_HPP_INCLUDED

// etcd's lock recipe, as Go's clientv3/concurrency.Mutex runs it (which
// `etcdctl lock` and etcd's lock service use), so that their waiters and
// ours form one queue: the key NAME/<lease id in hex> is created on the
// lease in one transaction; the queue is ordered by create revision; the
// oldest key holds the lock; a waiter watches the deletion of its immediate
// predecessor (no polling); giving up deletes its key. The fencing token is
// the key's create revision. On the gateway's executor; not thread-safe.

#include "gateway.hpp"

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace lockfile {
namespace etcd {
namespace detail {

class mutex : public std::enable_shared_from_this<mutex> {
public:
    using callback = std::function<void(boost::system::error_code, const std::string& failure)>;

    // For the lock NAME on the lease `lease_id` (decimal, as etcd writes
    // it); the key's value is `content`.
    mutex(std::shared_ptr<gateway> requests, const std::string& name, const std::string& lease_id,
          std::string content);

    // Joins the queue and completes once this key is the oldest. With
    // try_once, a held lock completes with lockfile::error::already_locked
    // and the key deleted.
    void lock(bool try_once, callback done);
    // Leaves the queue or releases the lock: deletes the key.
    void unlock(callback done);
    // Stops waiting (the pending lock() completes with operation_aborted)
    // and deletes the key.
    void cancel();
    // While held: calls `deleted` once if someone else deletes the key (the
    // lock is gone with it), from the key's create revision on; a stream
    // that breaks or is compacted is followed by a look at the key and a new
    // watch from the revision read. Stopped by stop_watching(), unlock() and
    // cancel().
    void watch_own_key(std::function<void()> deleted);
    // Stops the watch for good, if one runs (before the key is deleted on
    // purpose).
    void stop_watching();

    const std::string& key() const { return key_; }
    // The key's create revision: strictly increasing across holders of NAME.
    std::int64_t fencing_token() const { return revision_; }

private:
    void on_joined(const gateway_answer& answer);
    void find_predecessor();
    // Waits for the deletion of the predecessor (after the revision the
    // queue was read at), then looks again.
    void await_deletion(const std::string& predecessor, std::int64_t read_at);
    // Waits for the deletion of the only older key: the lock is then ours.
    void await_turn(const std::string& predecessor, std::int64_t read_at);
    // Watches `key` (with whole_prefix, every key under it) for changes
    // after `after_revision` until a key that is `awaited` is deleted: then stops
    // and calls `deleted` with it; calls `again` instead if the stream
    // breaks or is compacted first.
    void watch_deletions(const std::string& key, bool whole_prefix, std::int64_t after_revision,
                         std::function<bool(const std::string&)> awaited,
                         std::function<void(const std::string&)> deleted,
                         std::function<void()> again);
    // Ends the stream in progress; a watch of our own key goes on with the
    // next one (watching_own_key_ says whether it does).
    void end_stream();
    // Our key went while we waited: the right to the lock with it.
    void finish_gone();
    void finish(boost::system::error_code ec, const std::string& failure);

    std::shared_ptr<gateway> requests_;
    std::string prefix_;
    std::string key_;
    std::string lease_id_;
    std::string content_;
    std::int64_t revision_ = 0;
    bool try_once_ = false;
    callback done_;
    std::function<void()> stop_watch_;
    bool watching_own_key_ = false;
};

} // namespace detail
} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_LIB_ETCD_MUTEX_HPP_INCLUDED
