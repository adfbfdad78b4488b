// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl hold --etcd: take the lock NAME, say so with its fencing
// token, hold it until standard input ends or the lock is lost.
#include "commands.hpp"

#include "etcd_lock.hpp"
#include "stdin_end.hpp"

#include <boost/asio/signal_set.hpp>

#include <signal.h>

#include <iostream>
#include <memory>

namespace lockfilectl {

int etcd_hold_command(const options& options)
{
    namespace asio = boost::asio;
    // Shared with the reader of standard input, which may outlive this.
    const auto io = std::make_shared<asio::io_context>();
    etcd_taken taken = take_etcd_lock(options, *io);
    if (!taken.lock.owns_lock())
        return taken.exit_status;
    std::cout << "locked " << taken.lock.key() << " fencing token " << taken.lock.fencing_token()
              << std::endl;

    int exit_status = 0;
    asio::signal_set signals(*io, SIGINT, SIGTERM);
    signals.async_wait([io](boost::system::error_code ec, int) {
        if (!ec)
            io->stop();
    });
    taken.lock.async_wait_lost([&, io](boost::system::error_code ec) {
        if (ec == asio::error::operation_aborted)
            return;
        report_lost_lock(options, taken.lock, ec);
        exit_status = lost_lock_status;
        io->stop();
    });
    stop_at_end_of_input(io);
    io->restart();
    io->run();
    release_etcd_lock(*io, taken.lock);
    return exit_status;
}

} // namespace lockfilectl
