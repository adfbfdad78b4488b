// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_ASYNC_ACQUIRE_HPP_INCLUDED
#define LOCKFILE_ASYNC_ACQUIRE_HPP_INCLUDED

// Waiting for a lock from Asio, without blocking a thread.

#include <utility> // before Asio: use_awaitable with g++ 12 and Boost 1.74 needs it

#include <lockfile/async_options.hpp>
#include <lockfile/detail/acquire_op.hpp>
#include <lockfile/lock_file.hpp>
#include <lockfile/path_arg.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/is_executor.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <type_traits>

namespace lockfile {

// An I/O object that acquires lock files asynchronously.
//
// async_acquire(path[, options], token)
//   Takes the lock at once if it can; otherwise waits, without blocking a
//   thread or polling hard: on Linux an inotify watch wakes it as soon as a
//   holder closes the file, and a timer with backoff and jitter is the
//   fallback. Waiters of one process for one file queue in FIFO order and
//   are handed the lock in turn when this process's holder releases it;
//   only the first of them watches the file.
//   Completion signature: void(boost::system::error_code, lockfile::lock_file).
//   Executor: the handler is invoked through its associated executor, or
//   the waiter's; never from inside async_acquire.
//   Lifetimes: path and options are copied; the waiter may be destroyed
//   while acquisitions are pending (they are cancelled).
//   Errors: error::already_locked is never the result, only waited on;
//   error::timed_out after options.timeout; operation_aborted when
//   cancelled; every other error (bad template, hostile path, permission...)
//   at once, as lock_file reports it.
//   Cancellation: cancel(), and on Boost 1.77 and later per-operation
//   cancellation of every type (terminal, partial, total). A cancelled or
//   timed-out acquisition holds nothing; a lock handed to it meanwhile is
//   passed on.
//
// Thread-safety: distinct objects, safe; one object, safe for async_acquire
// and cancel() from any thread.
template <class Executor = boost::asio::any_io_executor> class basic_lock_waiter {
public:
    using executor_type = Executor;
    using default_token = typename boost::asio::default_completion_token<executor_type>::type;

    template <class OtherExecutor> struct rebind_executor {
        using other = basic_lock_waiter<OtherExecutor>;
    };

    explicit basic_lock_waiter(const executor_type& executor)
        : executor_(executor), pending_(std::make_unique<detail::pending_acquisitions<Executor>>())
    {
    }

    template <
        class ExecutionContext,
        std::enable_if_t<std::is_convertible_v<ExecutionContext&, boost::asio::execution_context&>,
                         int> = 0>
    explicit basic_lock_waiter(ExecutionContext& context)
        : basic_lock_waiter(executor_type(context.get_executor()))
    {
    }

    basic_lock_waiter(basic_lock_waiter&&) noexcept = default;
    basic_lock_waiter& operator=(basic_lock_waiter&& other) noexcept
    {
        cancel();
        executor_ = std::move(other.executor_);
        pending_ = std::move(other.pending_);
        return *this;
    }

    // Cancels what is pending.
    ~basic_lock_waiter() { cancel(); }

    executor_type get_executor() const noexcept { return executor_; }

    template <class CompletionToken = default_token>
    auto async_acquire(path_arg path, const acquire_options& options,
                       CompletionToken&& token = default_token())
    {
        return detail::initiate_acquire(executor_, pending_.get(), path, options,
                                        std::forward<CompletionToken>(token));
    }

    template <
        class CompletionToken = default_token,
        std::enable_if_t<!std::is_convertible_v<CompletionToken, const acquire_options&>, int> = 0>
    auto async_acquire(path_arg path, CompletionToken&& token = default_token())
    {
        return async_acquire(path, acquire_options{}, std::forward<CompletionToken>(token));
    }

    // Every pending acquisition completes with operation_aborted, holding
    // nothing. Works on every Boost version.
    void cancel()
    {
        if (pending_)
            pending_->cancel_all();
    }

private:
    executor_type executor_;
    std::unique_ptr<detail::pending_acquisitions<Executor>> pending_;
};

using lock_waiter = basic_lock_waiter<>;

namespace detail {

template <class T> constexpr bool is_context_v =
    std::is_convertible_v<T&, boost::asio::execution_context&>;

template <class T> auto executor_of(T& target)
{
    if constexpr (is_context_v<T>)
        return target.get_executor();
    else
        return target;
}

template <class T> using executor_of_t =
    decltype(executor_of(std::declval<std::remove_reference_t<T>&>()));

} // namespace detail

// async_acquire(executor_or_context, path[, options], token): the same as
// basic_lock_waiter::async_acquire, without a waiter object (so without
// cancel(); per-operation cancellation and the timeout still apply).
template <class ExecutorOrContext,
          class CompletionToken = typename boost::asio::default_completion_token<
              detail::executor_of_t<ExecutorOrContext>>::type>
auto async_acquire(ExecutorOrContext&& target, path_arg path, const acquire_options& options,
                   CompletionToken&& token = CompletionToken())
{
    return detail::initiate_acquire<detail::executor_of_t<ExecutorOrContext>>(
        detail::executor_of(target), nullptr, path, options, std::forward<CompletionToken>(token));
}

template <
    class ExecutorOrContext,
    class CompletionToken = typename boost::asio::default_completion_token<
        detail::executor_of_t<ExecutorOrContext>>::type,
    std::enable_if_t<!std::is_convertible_v<CompletionToken, const acquire_options&>, int> = 0>
auto async_acquire(ExecutorOrContext&& target, path_arg path,
                   CompletionToken&& token = CompletionToken())
{
    return async_acquire(std::forward<ExecutorOrContext>(target), path, acquire_options{},
                         std::forward<CompletionToken>(token));
}

} // namespace lockfile

#endif // LOCKFILE_ASYNC_ACQUIRE_HPP_INCLUDED
