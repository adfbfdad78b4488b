// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A service with a standby: the first instance takes the lock and serves;
// a second one awaits the lock (without blocking a thread or polling) and
// takes over the moment the first exits or is killed.
//
// usage: standby_server LOCKFILE
//        standby_server --etcd ENDPOINTS [--ttl SECONDS] NAME
//
// With a lock file, the instances share a host. With --etcd they may run on
// different hosts: the standby takes over within the lease's TTL of the
// active one's death, and an active one that loses its lock (cut off from
// etcd, its lease revoked) stops serving at once, exit status 1.
//
// Try it: start two in two terminals, then kill -9 the first.

#include <lockfile.hpp>
#if defined(LOCKFILE_EXAMPLE_WITH_ETCD)
#include <lockfile/etcd/lock.hpp>
#include <lockfile/etcd/query.hpp>
#endif

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <unistd.h>

#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace asio = boost::asio;

namespace {

// SIGINT or SIGTERM: the service stops, in standby as well as serving.
class stop_request {
public:
    explicit stop_request(const asio::any_io_executor& executor, std::function<void()> on_stop)
        : signals_(executor, SIGINT, SIGTERM),
          stopped_(executor, asio::steady_timer::time_point::max())
    {
        signals_.async_wait([this, on_stop](boost::system::error_code ec, int) {
            if (ec == asio::error::operation_aborted)
                return; // the service ended first
            on_stop();
            stop();
        });
    }
    ~stop_request() { signals_.cancel(); }

    void stop() { stopped_.cancel(); }

    // Completes once stop() is called or a signal came.
    asio::awaitable<void> wait()
    {
        boost::system::error_code ec;
        co_await stopped_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }

private:
    asio::signal_set signals_;
    asio::steady_timer stopped_;
};

asio::awaitable<int> serve_with_lock_file(std::string path)
{
    const auto executor = co_await asio::this_coro::executor;
    lockfile::lock_waiter waiter(executor);
    stop_request stop(executor, [&] { waiter.cancel(); });

    lockfile::acquire_options options;
    options.lock.content_template = "{pid};{hostname}";
    // One attempt first, to say whom we stand by for.
    boost::system::error_code ec;
    lockfile::lock_file lock(path, options.lock, ec);
    if (ec == lockfile::error::already_locked) {
        const lockfile::holder_info holder = lockfile::who_holds(path);
        std::cout << "standby: " << path << " is held by pid " << holder.pid.value_or(0) << " on "
                  << holder.hostname << std::endl;
        lock = co_await waiter.async_acquire(path, options,
                                             asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec == asio::error::operation_aborted) {
        std::cout << "stopping" << std::endl;
        co_return 0;
    }
    if (ec)
        throw boost::system::system_error(ec, path);

    std::cout << "serving as pid " << ::getpid() << std::endl;
    // The service's work would run here; this one serves until told to stop.
    co_await stop.wait();
    std::cout << "stopping" << std::endl;
    co_return 0;
}

#if defined(LOCKFILE_EXAMPLE_WITH_ETCD)
asio::awaitable<int> serve_with_etcd(std::string endpoints, std::string name,
                                     std::chrono::seconds ttl)
{
    const auto executor = co_await asio::this_coro::executor;
    lockfile::etcd::client etcd(executor, {{endpoints}});
    stop_request stop(executor, [&] { etcd.cancel(); });

    boost::system::error_code ec;
    const lockfile::etcd::name_status status = co_await lockfile::etcd::async_query_lock(
        etcd, name, asio::redirect_error(asio::use_awaitable, ec));
    if (!ec && status.locked)
        std::cout << "standby: " << name << " is held by pid " << status.holder.pid.value_or(0)
                  << " on " << status.holder.hostname << std::endl;
    lockfile::etcd::acquire_options options;
    options.ttl = ttl;
    lockfile::etcd::lock lock = co_await lockfile::etcd::async_acquire(
        etcd, name, options, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted) {
        std::cout << "stopping" << std::endl;
        co_return 0;
    }
    if (ec)
        throw boost::system::system_error(ec, lock.failure());

    // The token goes with every write to what the service protects, which
    // refuses one smaller than it has seen: a paused former holder cannot
    // overwrite its successor's work.
    std::cout << "serving as pid " << ::getpid() << " with fencing token " << lock.fencing_token()
              << std::endl;
    bool lost = false;
    lock.async_wait_lost([&](boost::system::error_code why) {
        if (why == asio::error::operation_aborted)
            return; // released
        lost = true;
        std::cout << "lost the lock: " << lock.failure() << std::endl;
        stop.stop();
    });
    co_await stop.wait();
    if (!lost)
        co_await lock.async_release(asio::redirect_error(asio::use_awaitable, ec));
    std::cout << "stopping" << std::endl;
    co_return lost ? 1 : 0;
}
#endif

// The service's coroutine for the command line, or a usage message.
asio::awaitable<int> service(std::vector<std::string> args) // by value: a coroutine keeps it
{
    if (args.size() == 1)
        co_return co_await serve_with_lock_file(args[0]);
#if defined(LOCKFILE_EXAMPLE_WITH_ETCD)
    if (args.size() == 3 && args[0] == "--etcd")
        co_return co_await serve_with_etcd(args[1], args[2], std::chrono::seconds(10));
    if (args.size() == 5 && args[0] == "--etcd" && args[2] == "--ttl")
        co_return co_await serve_with_etcd(args[1], args[4],
                                           std::chrono::seconds(std::stoi(args[3])));
#endif
    std::cerr << "usage: standby_server LOCKFILE\n"
#if defined(LOCKFILE_EXAMPLE_WITH_ETCD)
                 "       standby_server --etcd ENDPOINTS [--ttl SECONDS] NAME\n"
#endif
        ;
    co_return 2;
}

} // namespace

int main(int argc, char** argv)
{
    asio::io_context io;
    int status = 0;
    asio::co_spawn(io, service({argv + 1, argv + argc}),
                   [&](std::exception_ptr failure, int exit_status) {
                       status = exit_status;
                       if (!failure)
                           return;
                       try {
                           std::rethrow_exception(failure);
                       } catch (const std::exception& e) {
                           std::cerr << e.what() << "\n";
                           status = 1;
                       }
                   });
    io.run();
    return status;
}
