// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Reading standard input to its end in a thread of its own.
#include "stdin_end.hpp"

#include <boost/asio/post.hpp>

#include <unistd.h>

#include <thread>

namespace lockfilectl {

void stop_at_end_of_input(std::shared_ptr<boost::asio::io_context> io)
{
    std::thread([io] {
        char buffer[256];
        while (::read(STDIN_FILENO, buffer, sizeof buffer) > 0) {}
        boost::asio::post(*io, [io] { io->stop(); });
    }).detach();
}

} // namespace lockfilectl
