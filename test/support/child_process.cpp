// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// What child_process does the same way on every system, over read_some.

#include "child_process.hpp"

#include <stdexcept>
#include <utility>

namespace lockfile_test {

std::string child_process::read_line(std::chrono::milliseconds timeout)
{
    std::string line = read_until("\n", timeout);
    line.pop_back();
    if (!line.empty() && line.back() == '\r') // Windows's text-mode output
        line.pop_back();
    return line;
}

std::string child_process::read_until(const std::string& text, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto found = buffer_.find(text);
        if (found != std::string::npos) {
            std::string head = buffer_.substr(0, found + text.size());
            buffer_.erase(0, found + text.size());
            return head;
        }
        if (!read_some(deadline))
            throw std::runtime_error("the process's output ended before '" + text + "'; got '" +
                                     buffer_ + "'");
    }
}

std::string child_process::read_to_end(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (read_some(deadline)) {}
    return std::exchange(buffer_, {});
}

int run(std::vector<std::string> argv)
{
    child_process child(std::move(argv));
    child.close_stdin();
    return child.wait();
}

} // namespace lockfile_test
