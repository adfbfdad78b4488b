// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The live wait line on a terminal.
#include "wait_line.hpp"

#include "holder.hpp"

#include <unistd.h>

#include <cstdio>

namespace lockfilectl {

namespace {
constexpr auto refresh = std::chrono::milliseconds(100);
}

wait_line::wait_line(boost::asio::io_context& io, std::string path, bool wanted)
    : timer_(io), path_(std::move(path)), enabled_(wanted && ::isatty(STDERR_FILENO))
{
}

wait_line::~wait_line()
{
    stop();
}

void wait_line::start()
{
    if (enabled_)
        tick();
}

void wait_line::stop()
{
    timer_.cancel();
    if (drawn_)
        std::fputs("\r\033[K", stderr); // erase it
    drawn_ = false;
    enabled_ = false;
}

void wait_line::tick()
{
    draw();
    timer_.expires_after(refresh);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec && enabled_)
            tick();
    });
}

void wait_line::draw()
{
    const std::string holder = describe_holder(path_);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - since_).count();
    std::fprintf(stderr, "\r\033[Kwaiting for %s%s%s, %.1f s", path_.c_str(),
                 holder.empty() ? "" : ": held by ", holder.c_str(), seconds);
    std::fflush(stderr);
    drawn_ = true;
}

} // namespace lockfilectl
