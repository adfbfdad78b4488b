// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// flock(2) on a directory or the shell's descriptor, with -w's deadline.
#include "descriptor_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <time.h>

#include <cerrno>

namespace lockfilectl {

namespace {

volatile sig_atomic_t timer_fired = 0;
volatile sig_atomic_t other_signal = 0;

// SIGALRM interrupts flock(2) (no SA_RESTART). The timer's own tells the
// deadline; one sent by a process ends the wait like any other signal.
void on_alarm(int number, siginfo_t* info, void*)
{
    if (info->si_code == SI_TIMER)
        timer_fired = 1;
    else
        other_signal = number;
}

// A monotonic timer that sends SIGALRM at the deadline, and again every
// 50 ms after it: a signal that came just before flock(2) began to wait
// would otherwise be lost, and the wait with it.
class deadline_timer {
public:
    explicit deadline_timer(std::chrono::steady_clock::duration timeout)
    {
        struct sigaction action {};
        action.sa_sigaction = on_alarm;
        action.sa_flags = SA_SIGINFO;
        ::sigemptyset(&action.sa_mask);
        ::sigaction(SIGALRM, &action, &previous_);
        struct sigevent event {};
        event.sigev_notify = SIGEV_SIGNAL;
        event.sigev_signo = SIGALRM;
        armed_ = ::timer_create(CLOCK_MONOTONIC, &event, &timer_) == 0;
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
        struct itimerspec when {};
        when.it_value.tv_sec = static_cast<time_t>(seconds.count());
        when.it_value.tv_nsec = static_cast<long>((timeout - seconds).count());
        when.it_interval.tv_nsec = 50'000'000;
        armed_ = armed_ && ::timer_settime(timer_, 0, &when, nullptr) == 0;
    }
    ~deadline_timer()
    {
        ::timer_delete(timer_);
        ::sigaction(SIGALRM, &previous_, nullptr);
    }
    deadline_timer(const deadline_timer&) = delete;
    deadline_timer& operator=(const deadline_timer&) = delete;
    bool armed() const { return armed_; }

private:
    timer_t timer_{};
    struct sigaction previous_ {};
    bool armed_ = false;
};

} // namespace

descriptor_lock_result lock_descriptor(int fd, int operation, bool nonblock,
                                       std::optional<std::chrono::steady_clock::duration> timeout)
{
    descriptor_lock_result result;
    if (nonblock || operation == LOCK_UN) {
        while (::flock(fd, operation | (nonblock ? LOCK_NB : 0)) != 0) {
            if (errno == EINTR)
                continue;
            if (errno == EWOULDBLOCK)
                result.conflict = true;
            else
                result.error = errno;
            break;
        }
        return result;
    }
    timer_fired = 0;
    other_signal = 0;
    std::optional<deadline_timer> timer;
    std::optional<std::chrono::steady_clock::time_point> deadline;
    if (timeout) {
        deadline = std::chrono::steady_clock::now() + *timeout;
        timer.emplace(*timeout);
        if (!timer->armed()) {
            result.error = errno;
            return result;
        }
    }
    while (::flock(fd, operation) != 0) {
        if (errno != EINTR) {
            result.error = errno;
            break;
        }
        if (other_signal) {
            result.signal = other_signal;
            break;
        }
        // The timer's signal only wakes flock(2); the clock decides. A
        // runtime that runs handlers late (ThreadSanitizer defers them past
        // system calls it does not know) would otherwise let the wait go on.
        if (timer_fired || (deadline && std::chrono::steady_clock::now() >= *deadline)) {
            result.conflict = true;
            break;
        }
    }
    return result;
}

int open_directory(const char* path)
{
    return ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
}

} // namespace lockfilectl
