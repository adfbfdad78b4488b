// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl hold: take the lock, say so, hold it until standard input ends.
#include "commands.hpp"
#include "stdin_end.hpp"
#include "take_lock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <signal.h>

#include <iostream>
#include <memory>

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
    stop_at_end_of_input(io);
    io->run();
    return 0; // the lock is released on the way out
}

} // namespace lockfilectl
