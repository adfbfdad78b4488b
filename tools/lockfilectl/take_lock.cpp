#include "take_lock.hpp"

#include "holder.hpp"
#include "wait_line.hpp"

#include <lockfile/async_acquire.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <signal.h>

#include <chrono>
#include <iostream>

namespace lockfilectl {

namespace {

namespace asio = boost::asio;

// Waits for the lock; `signal` tells which signal ended the wait, if any.
lockfile::lock_file wait_for_lock(const options& options, const lockfile::lock_options& lock,
                                  boost::system::error_code& ec, int& signal)
{
    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
    wait_line line(io, options.path, !options.quiet);

    lockfile::acquire_options acquire;
    acquire.lock = lock;
    if (options.wait_seconds)
        acquire.timeout = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(*options.wait_seconds));
    lockfile::lock_file result;
    waiter.async_acquire(options.path, acquire,
                         [&](boost::system::error_code e, lockfile::lock_file taken) {
                             ec = e;
                             result = std::move(taken);
                             signals.cancel();
                             line.stop();
                         });
    signals.async_wait([&](boost::system::error_code e, int number) {
        if (e)
            return;
        signal = number;
        waiter.cancel();
    });
    line.start();
    io.run();
    return result;
}

} // namespace

taken_lock take_lock(const options& options)
{
    lockfile::lock_options lock;
    lock.content_template = options.content;
    lock.mode = options.shared ? lockfile::lock_mode::shared : lockfile::lock_mode::exclusive;

    boost::system::error_code ec;
    int signal = 0;
    lockfile::lock_file first(options.path, lock, ec);
    if (!ec)
        return {std::move(first), 0};
    if (ec == lockfile::error::already_locked && !options.nonblock) {
        lockfile::lock_file waited = wait_for_lock(options, lock, ec, signal);
        if (!ec)
            return {std::move(waited), 0};
    }
    if (signal != 0)
        return {{}, 128 + signal};
    if (ec == lockfile::error::already_locked || ec == lockfile::error::timed_out) {
        if (!options.quiet) {
            const std::string holder = describe_holder(options.path);
            std::cerr << "lockfilectl: " << options.path << " is locked"
                      << (holder.empty() ? "" : " by " + holder) << "\n";
        }
        return {{}, options.conflict_exit_code};
    }
    std::cerr << "lockfilectl: " << lockfile::lock_error(ec, options.path).what() << "\n";
    return {{}, 2};
}

} // namespace lockfilectl
