// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl run --etcd: the command runs while lockfilectl keeps the
// lease alive; a lost lock ends it (SIGTERM, then SIGKILL) before the lease
// can have expired on the server.
#include "commands.hpp"

#include "command_process.hpp"
#include "etcd_lock.hpp"
#include "signals.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>

namespace lockfilectl {

namespace {

namespace asio = boost::asio;

// The command and what it leaves running, from start to the end of the
// last of them, with the lock's loss and signals acted on meanwhile.
class supervised_command {
public:
    supervised_command(const options& options, asio::io_context& io, lockfile::etcd::lock& lock)
        : options_(options), io_(io), lock_(lock), signals_(io), kill_timer_(io)
    {
        for (const int number : terminating_signals())
            signals_.add(number);
        signals_.add(SIGCHLD); // before the fork: no end is missed
    }

    // The exit status: the command's once it and what it left running have
    // ended, or lost_lock_status once the lock was lost and they are ended;
    // or start_command's failure.
    int run()
    {
        command_setup setup;
        ::pthread_sigmask(SIG_SETMASK, nullptr, &setup.mask);
        setup.own_process_group = true;
        int exit_status = 0;
        group_ = start_command(options_, setup, exit_status);
        if (group_ < 0)
            return exit_status;
        lock_.async_wait_lost([this](boost::system::error_code ec) {
            if (ec != asio::error::operation_aborted)
                on_lost(ec);
        });
        wait_for_signal();
        io_.run();
        return lost_ ? lost_lock_status : *status_;
    }

private:
    void on_lost(boost::system::error_code ec)
    {
        lost_ = true;
        report_lost_lock(options_, lock_, ec);
        ::kill(-group_, SIGTERM);
        kill_timer_.expires_after(options_.kill_after);
        kill_timer_.async_wait([this](boost::system::error_code e) {
            if (e)
                return;
            // The group cannot outlive SIGKILL; what left it (setsid) is
            // beyond reach, and not waited for.
            ::kill(-group_, SIGKILL);
            io_.stop();
        });
    }

    void wait_for_signal()
    {
        signals_.async_wait([this](boost::system::error_code ec, int number) {
            if (ec)
                return;
            if (number != SIGCHLD)
                ::kill(-group_, number); // terminal signals reach lockfilectl alone
            else if (reap())
                return io_.stop();
            wait_for_signal();
        });
    }

    // Reaps what has ended; true once nothing is left running (on Linux,
    // lockfilectl adopts what the command leaves behind).
    bool reap()
    {
        for (;;) {
            int wait_status = 0;
            const pid_t ended = ::waitpid(-1, &wait_status, WNOHANG);
            if (ended == group_)
                status_ = exit_status_of(wait_status);
            else if (ended == 0)
                return false;
            else if (ended < 0 && errno != EINTR)
                return status_.has_value(); // ECHILD: none left
        }
    }

    const options& options_;
    asio::io_context& io_;
    lockfile::etcd::lock& lock_;
    asio::signal_set signals_;
    asio::steady_timer kill_timer_;
    pid_t group_ = -1; // the command's pid, and its process group's id
    std::optional<int> status_;
    bool lost_ = false;
};

} // namespace

int etcd_run_command(const options& options)
{
    asio::io_context io;
    etcd_taken taken = take_etcd_lock(options, io);
    if (!taken.lock.owns_lock())
        return taken.exit_status;
    ::setenv("LOCKFILE_FENCING_TOKEN", std::to_string(taken.lock.fencing_token()).c_str(), 1);
    ::setenv("LOCKFILE_LOCK_KEY", taken.lock.key().c_str(), 1);
    if (options.verbose)
        std::printf("%s: executing %s\n", options.program.c_str(), options.child[0].c_str());
#if defined(__linux__)
    // What the command leaves running is reparented to lockfilectl, which
    // holds the lock until the last of it ends, as flock(1)'s descriptor
    // would be held.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
#endif
    io.restart();
    const int status = supervised_command(options, io, taken.lock).run();
    release_etcd_lock(io, taken.lock);
    return status;
}

} // namespace lockfilectl
