// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_ETCD_LOCK_HPP_INCLUDED
#define LOCKFILE_ETCD_LOCK_HPP_INCLUDED

// A lock across hosts on etcd: lockfile::etcd::async_acquire and the lock it
// completes with. The lock is etcd's own recipe (as `etcdctl lock` and
// etcd's lock service take it), so those and this library's holders and
// waiters of one NAME form one first-come-first-served queue.

#include <lockfile/etcd/client.hpp>
#include <lockfile/etcd/error.hpp>
#include <lockfile/detail/asio_cancellation.hpp>
#include <lockfile/error.hpp>

#include <lockfile/etcd/detail/post_once.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace lockfile {
namespace etcd {

struct acquire_options {
    // The lease's time to live: how long after this process stops renewing
    // it (crash, pause, partition) etcd frees the lock for the next waiter.
    // etcd may grant more than asked (its minimum is about 2 s).
    std::chrono::seconds ttl{10};
    // The lock key's value, as lock files hold theirs: " CONTENT\n" from this
    // template ({pid}, {hostname}; zc.lockfile's rules).
    std::string content_template = "{pid};{hostname}";
    // When set, completes with lockfile::error::timed_out, holding nothing
    // and nothing left in the queue, if the lock is not taken by then.
    std::optional<std::chrono::steady_clock::duration> timeout;
    // One try: a held lock completes with lockfile::error::already_locked.
    bool try_once = false;
};

namespace detail {
class lock_state;
// Returns what cancels this acquisition, from any thread.
std::function<void()>
start_acquire(const client& through, const std::string& name, const acquire_options& options,
              std::function<void(boost::system::error_code, std::shared_ptr<lock_state>)> done);
void start_release(const std::shared_ptr<lock_state>& state,
                   std::function<void(boost::system::error_code)> done);
void start_wait_lost(const std::shared_ptr<lock_state>& state,
                     std::function<void(boost::system::error_code)> done);
void abandon(const std::shared_ptr<lock_state>& state) noexcept;
bool owns(const lock_state& state) noexcept;
std::int64_t fencing_token(const lock_state& state) noexcept;
const std::string& key(const lock_state& state) noexcept;
const std::string& failure(const lock_state& state) noexcept;

const boost::asio::any_io_executor* executor_of(const lock_state* state) noexcept;

using lock_operation = void (*)(const std::shared_ptr<lock_state>&,
                                std::function<void(boost::system::error_code)>);

// An operation on a held lock that completes with an error_code.
template <class CompletionToken>
auto initiate(CompletionToken&& token, std::shared_ptr<lock_state> state, lock_operation start)
{
    return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
        [](auto handler, std::shared_ptr<lock_state> on, lock_operation begin) {
            using handler_type = decltype(handler);
            const auto* fallback = executor_of(on.get());
            begin(on,
                  post_once<handler_type, boost::system::error_code>(std::move(handler), fallback));
        },
        token, std::move(state), start);
}
} // namespace detail

// Move-only. Destroying or assigning over a held lock releases it in the
// background. Thread-safety: as its client's.
class lock {
public:
    lock() noexcept = default;
    lock(lock&& other) noexcept = default;
    lock& operator=(lock&& other) noexcept
    {
        if (this != &other) {
            detail::abandon(state_);
            state_ = std::move(other.state_);
        }
        return *this;
    }
    ~lock() { detail::abandon(state_); }

    // Held, and not lost as far as this process can tell: false at the
    // latest when the lease may have expired on the server (the last
    // acknowledged keep-alive's send time plus the TTL, minus a margin).
    bool owns_lock() const noexcept { return state_ && detail::owns(*state_); }
    // The key's create revision: strictly greater for every later holder of
    // the name. Give it to the protected resource, which refuses a request
    // carrying a smaller token than one it has seen.
    std::int64_t fencing_token() const noexcept
    {
        return state_ ? detail::fencing_token(*state_) : 0;
    }
    // NAME/<lease id in hex>, the key in etcd.
    const std::string& key() const noexcept;
    // After a failure: which endpoint said what (empty if none is known).
    const std::string& failure() const noexcept;

    // Releases the lock (revokes its lease, which deletes its key).
    // Completion: void(error_code), on the handler's executor, else the
    // client's; operation_not_supported for a lock that holds nothing (a
    // default-constructed one has no client: give its handler an executor).
    template <class CompletionToken> auto async_release(CompletionToken&& token)
    {
        return detail::initiate(std::forward<CompletionToken>(token), state_,
                                &detail::start_release);
    }

    // Completes when the lock is lost: its lease expired, was revoked, or
    // went unrenewed for as long as it may have lived (error::lease_lost),
    // or with operation_aborted once it is released. Completion:
    // void(error_code).
    template <class CompletionToken> auto async_wait_lost(CompletionToken&& token)
    {
        return detail::initiate(std::forward<CompletionToken>(token), state_,
                                &detail::start_wait_lost);
    }

    explicit lock(std::shared_ptr<detail::lock_state> state) noexcept : state_(std::move(state)) {}

private:
    std::shared_ptr<detail::lock_state> state_;
};

// Takes the lock NAME on etcd: a lease of options.ttl, kept alive, and a
// place in NAME's queue; completes once it is this lock's turn. Errors:
// already_locked (try_once), timed_out, operation_aborted (cancelled),
// bad_name, bad_template, the client's errors (unreachable, http_error,
// bad_answer), lease_lost; the lock's failure() then names the endpoint and
// what it said. A failed acquisition leaves nothing in the queue.
// Cancellation: the client's cancel(), and on Boost 1.77 and later
// per-operation cancellation of every type (terminal, partial, total).
// Completion: void(error_code, lock), on the handler's executor, else the
// client's; never inside the call.
template <class CompletionToken> auto async_acquire(client& through, const std::string& name,
                                                    const acquire_options& options,
                                                    CompletionToken&& token)
{
    return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code, lock)>(
        [&through](auto handler, const std::string& lock_name,
                   const acquire_options& lock_options) {
            using handler_type = decltype(handler);
            // The slot is connected to the acquisition once it exists; a
            // cancellation emitted before that finds nothing to stop.
            auto stop = std::make_shared<std::function<void()>>();
            auto disconnect = lockfile::detail::connect_cancellation(handler, [stop] {
                if (*stop)
                    (*stop)();
            });
            auto complete = detail::post_once<handler_type, boost::system::error_code, lock>(
                std::move(handler), &through.get_executor());
            *stop = detail::start_acquire(
                through, lock_name, lock_options,
                [complete, disconnect](boost::system::error_code ec,
                                       std::shared_ptr<detail::lock_state> state) {
                    disconnect();
                    complete(ec, lock(std::move(state))); // failure() says why
                });
        },
        token, name, options);
}

} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_ETCD_LOCK_HPP_INCLUDED
