// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A blocking wait's sleep: poll(2) on a pipe that notify() writes to, and
// on the inotify reader it watches.
#include "../wake_signal.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <ctime>

namespace lockfile {
namespace detail {

struct wake_signal::state {
    int pipe[2] = {-1, -1};
    std::atomic<int> write_end{-1}; // pipe[1] once made: notify() may read it from any thread
    int reader = -1;
    dispatch_events dispatch = nullptr;
};

namespace {

// A non-blocking, close-on-exec pipe.
bool make_pipe(int (&ends)[2])
{
#if defined(__linux__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__)
    return ::pipe2(ends, O_CLOEXEC | O_NONBLOCK) == 0;
#else
    if (::pipe(ends) != 0)
        return false;
    for (const int fd : ends)
        if (::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 ||
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) != 0)
            return false;
    return true;
#endif
}

// The signal whose waiting thread is dispatching events in this thread:
// a notify() from there needs no byte in the pipe, its wait() returns next.
thread_local const wake_signal* dispatching_signal = nullptr;

void drain(int fd) noexcept
{
    char data[4096];
    while (::read(fd, data, sizeof data) > 0) {}
}

// poll(2) until `until`, in the clock's resolution where ppoll exists.
int poll_until(pollfd* fds, nfds_t count, std::chrono::steady_clock::time_point until)
{
    const auto left = std::max(until - std::chrono::steady_clock::now(),
                               std::chrono::steady_clock::duration::zero());
#if defined(__linux__) || defined(__FreeBSD__)
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(left);
    const timespec timeout{
        static_cast<time_t>(seconds.count()),
        static_cast<long>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(left - seconds).count())};
    return ::ppoll(fds, count, &timeout, nullptr);
#else
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return ::poll(fds, count, ms > 1000000 ? 1000000 : static_cast<int>(ms));
#endif
}

} // namespace

wake_signal::wake_signal() : state_(std::make_unique<state>()) {}

wake_signal::~wake_signal()
{
    for (const int fd : {state_->pipe[0], state_->pipe[1], state_->reader})
        if (fd >= 0)
            ::close(fd);
}

void wake_signal::notify() noexcept
{
    notified_ = true;
    if (dispatching_signal == this)
        return;
    const int end = state_->write_end.load();
    if (end < 0)
        return; // no wait has begun: the next one sees the flag
    const char byte = 0;
    [[maybe_unused]] const auto written = ::write(end, &byte, 1); // full: awake anyway
}

void wake_signal::watch(int reader, dispatch_events dispatch) noexcept
{
    if (reader < 0 || state_->reader >= 0)
        return;
    state_->reader = reader;
    state_->dispatch = dispatch;
}

bool wake_signal::watching() const noexcept
{
    return state_->reader >= 0;
}

bool wake_signal::wait(std::chrono::steady_clock::time_point until, boost::system::error_code& ec)
{
    if (state_->pipe[0] < 0) {
        if (!make_pipe(state_->pipe)) {
            ec.assign(errno, boost::system::system_category());
            return false;
        }
        state_->write_end = state_->pipe[1]; // before the flag is read below
    }
    if (notified_.exchange(false))
        return true;
    pollfd fds[2] = {{state_->pipe[0], POLLIN, 0}, {state_->reader, POLLIN, 0}};
    const nfds_t count = state_->reader >= 0 ? 2 : 1;
    if (poll_until(fds, count, until) > 0) {
        if (count == 2 && (fds[1].revents & POLLIN)) {
            char events[4096];
            const auto n = ::read(state_->reader, events, sizeof events);
            if (n > 0) {
                dispatching_signal = this;
                state_->dispatch(events, static_cast<std::size_t>(n));
                dispatching_signal = nullptr;
            }
        }
        if (fds[0].revents & POLLIN)
            drain(state_->pipe[0]);
    }
    return notified_.exchange(false);
}

} // namespace detail
} // namespace lockfile
