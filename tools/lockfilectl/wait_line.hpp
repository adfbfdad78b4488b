// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_WAIT_LINE_HPP_INCLUDED
#define LOCKFILECTL_WAIT_LINE_HPP_INCLUDED

// The line that shows on a terminal who holds the lock while lockfilectl
// waits.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <string>

namespace lockfilectl {

// The live line on standard error while waiting, rewritten in place:
// "waiting for PATH: held by pid 4242 on build-3, 3.2 s". Only when standard
// error is a terminal; erased when the wait ends.
class wait_line {
public:
    wait_line(boost::asio::io_context& io, std::string path, bool wanted);
    ~wait_line();

    void start();
    void stop();

private:
    void tick();
    void draw();

    boost::asio::steady_timer timer_;
    std::string path_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point since_ = std::chrono::steady_clock::now();
};

} // namespace lockfilectl

#endif // LOCKFILECTL_WAIT_LINE_HPP_INCLUDED
