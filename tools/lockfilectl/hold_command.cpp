// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl hold: take the lock, say so, hold it until standard input ends.
#include "commands.hpp"
#include "take_lock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <thread>

namespace lockfilectl {

int hold_command(const options& options)
{
    namespace asio = boost::asio;
    taken_lock taken = take_lock(options);
    if (!taken.held())
        return taken.exit_status;
    std::cout << "locked" << std::endl;

    // Shared with the reader thread, which may outlive this function.
    const auto io = std::make_shared<asio::io_context>();
    asio::signal_set signals(*io, SIGINT, SIGTERM);
    signals.async_wait([io](boost::system::error_code ec, int) {
        if (!ec)
            io->stop();
    });
    // Standard input may be a file or /dev/null, which no reactor can watch:
    // a thread reads it to its end.
    std::thread([io] {
        char buffer[256];
        while (::read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
        }
        asio::post(*io, [io] { io->stop(); });
    }).detach();
    io->run();
    return 0; // the lock is released on the way out
}

} // namespace lockfilectl
