// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_WAIT_QUEUE_HPP_INCLUDED
#define LOCKFILE_LIB_WAIT_QUEUE_HPP_INCLUDED

// This process's waiters for one file, first come first served, and how the
// lock passes along them when this process's holder releases it. The first
// waiter (the head) retries the kernel's locks itself while nobody here
// holds the file; the others wait to be handed the lock. The registry's
// mutex guards all of it.

#include <lockfile/lock_options.hpp>

#include <boost/filesystem/path.hpp>

#include <functional>
#include <memory>
#include <vector>

namespace lockfile {
namespace detail {

class lock_entry;

// A pending asynchronous acquisition, as the registry sees it.
struct waiter {
    boost::filesystem::path path;
    simple_lock_options options;
    // Called under the registry's mutex when trying again may succeed; it
    // must only schedule the retry.
    std::function<void()> wake;
    std::shared_ptr<lock_entry> queued_on; // the entry whose queue holds it
    std::shared_ptr<lock_entry> handed;    // a lock handed over, not yet taken
};

class wait_queue {
public:
    bool empty() const noexcept { return waiters_.empty(); }
    std::size_t size() const noexcept { return waiters_.size(); }
    bool is_head(const waiter& w) const noexcept;
    // Wakes the head, if any: the lock may be free now.
    void wake_head() const;

    // w joins at the end of the queue of `entry` (whose queue this is).
    void join(waiter& w, const std::shared_ptr<lock_entry>& entry);
    // w leaves; returns whether it was the head.
    bool leave(waiter& w) noexcept;
    // Every waiter leaves and is woken, to start afresh (the file was
    // replaced at its path).
    void disband() noexcept;
    // Every waiter is forgotten, unwoken (a forked child's copy).
    void forget() noexcept { waiters_.clear(); }

private:
    friend bool hand_over(const std::shared_ptr<lock_entry>& entry);
    std::vector<waiter*> waiters_;
};

// Called when a holder of `entry` has gone or a waiter has taken it: the
// lock passes to the head, without touching the kernel's locks if its mode
// allows (and to the shared waiters behind a shared head), or it is unlocked
// and a head of another mode retries. Returns true when nobody holds the
// entry and nobody waits: it is unlocked, for the caller to close.
bool hand_over(const std::shared_ptr<lock_entry>& entry);

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_WAIT_QUEUE_HPP_INCLUDED
