// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A service with a standby: the first instance takes the lock and serves;
// a second one awaits the lock (without blocking a thread or polling) and
// takes over the moment the first exits or is killed.
//
// usage: standby_server LOCKFILE
//
// Try it: start two in two terminals, then kill -9 the first.

#include <lockfile.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <unistd.h>

#include <iostream>
#include <string>

namespace asio = boost::asio;

namespace {

asio::awaitable<void> serve(std::string path)
{
    const auto executor = co_await asio::this_coro::executor;

    // SIGINT or SIGTERM stop it, in standby as well as while serving.
    asio::signal_set signals(executor, SIGINT, SIGTERM);
    lockfile::lock_waiter waiter(executor);
    asio::steady_timer stopped(executor, asio::steady_timer::time_point::max());
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (ec == asio::error::operation_aborted)
            return; // the service ended first
        waiter.cancel();
        stopped.cancel();
    });

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
        co_return;
    }
    if (ec)
        throw boost::system::system_error(ec, path);

    std::cout << "serving as pid " << ::getpid() << std::endl;
    // The service's work would run here; this one serves until told to stop.
    co_await stopped.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    std::cout << "stopping" << std::endl;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: standby_server LOCKFILE\n";
        return 2;
    }
    asio::io_context io;
    int status = 0;
    asio::co_spawn(io, serve(argv[1]), [&](std::exception_ptr failure) {
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
