// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Taking the lock for run and hold, and the statuses of failure.
#include "take_lock.hpp"

#include "descriptor_lock.hpp"
#include "holder.hpp"
#include "signals.hpp"
#include "wait_line.hpp"

#include <lockfile/async_acquire.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <sys/file.h>
#include <sysexits.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <iostream>

namespace lockfilectl {

namespace {

namespace asio = boost::asio;
using std::chrono::steady_clock;

// Waits for the lock; `signal` tells which signal ended the wait, if any.
lockfile::lock_file wait_for_lock(const options& options, const lockfile::lock_options& lock,
                                  boost::system::error_code& ec, int& signal)
{
    asio::io_context io;
    lockfile::lock_waiter waiter(io);
    asio::signal_set signals(io);
    for (const int number : terminating_signals())
        signals.add(number);
    wait_line line(io, options.path, !options.quiet);

    lockfile::acquire_options acquire;
    acquire.lock = lock;
    if (options.timeout)
        acquire.timeout = *options.timeout;
    lockfile::lock_file result;
    waiter.async_acquire(options.path, acquire,
                         [&](boost::system::error_code e, lockfile::lock_file taken) {
                             ec = e;
                             result = std::move(taken);
                             signals.cancel();
                             line.stop();
                         });
    signals.async_wait([&](boost::system::error_code e, int number) {
        if (e)
            return;
        signal = number;
        waiter.cancel();
    });
    line.start();
    io.run();
    return result;
}

taken_lock lock_directory(const options& options)
{
    const int fd = open_directory(options.path.c_str());
    if (fd < 0) {
        const boost::system::error_code cause(errno, boost::system::system_category());
        return taken_lock(report_failure(
            options, "cannot open lock directory " + options.path + ": " + cause.message(), cause));
    }
    taken_lock taken(fd, true);
    const descriptor_lock_result result = lock_descriptor(
        fd, options.shared ? LOCK_SH : LOCK_EX, options.nonblock, options.timeout);
    if (result.signal)
        return taken_lock(128 + result.signal);
    if (result.conflict)
        return taken_lock(report_conflict(options, !options.nonblock));
    if (result.error) {
        const boost::system::error_code cause(result.error, boost::system::system_category());
        return taken_lock(
            report_failure(options, lockfile::lock_error(cause, options.path).what(), cause));
    }
    return taken;
}

taken_lock lock_file(const options& options)
{
    lockfile::lock_options lock;
    lock.content_template = options.content;
    lock.mode = options.shared ? lockfile::lock_mode::shared : lockfile::lock_mode::exclusive;
    if (options.command == "run") // the command inherits it
        lock.owner = lockfile::lock_owner::open_file_description;

    boost::system::error_code ec;
    int signal = 0;
    lockfile::lock_file first(options.path, lock, ec);
    if (!ec)
        return taken_lock(std::move(first));
    if (ec == boost::system::errc::is_a_directory && options.command == "run")
        return lock_directory(options);
    if (ec == lockfile::error::already_locked && !options.nonblock) {
        lockfile::lock_file waited = wait_for_lock(options, lock, ec, signal);
        if (!ec)
            return taken_lock(std::move(waited));
    }
    if (signal != 0)
        return taken_lock(128 + signal);
    if (is_conflict(ec))
        return taken_lock(report_conflict(options, ec == lockfile::error::timed_out));
    return taken_lock(report_failure(options, lockfile::lock_error(ec, options.path).what(), ec));
}

} // namespace

taken_lock::taken_lock(taken_lock&& other) noexcept
    : exit_status(other.exit_status), file_(std::move(other.file_)),
      directory_(std::exchange(other.directory_, -1))
{
}

taken_lock::~taken_lock()
{
    if (directory_ >= 0)
        ::close(directory_);
}

taken_lock take_lock(const options& options)
{
    const auto start = steady_clock::now();
    taken_lock taken = lock_file(options);
    if (taken.held())
        report_lock_taken(options, start);
    return taken;
}

bool is_conflict(const boost::system::error_code& ec)
{
    return ec == lockfile::error::already_locked || ec == lockfile::error::timed_out;
}

void report_lock_taken(const options& options, steady_clock::time_point start)
{
    if (!options.verbose)
        return;
    const auto took =
        std::chrono::duration_cast<std::chrono::microseconds>(steady_clock::now() - start).count();
    // On stdio's buffered standard output, as flock(1) prints it: to a pipe
    // it comes out when lockfilectl exits, after the command's output.
    std::printf("%s: getting lock took %" PRId64 ".%06" PRId64 " seconds\n",
                options.program.c_str(), static_cast<std::int64_t>(took / 1000000),
                static_cast<std::int64_t>(took % 1000000));
}

int report_failure(const options& options, const std::string& message,
                   const boost::system::error_code& cause)
{
    std::cerr << options.program << ": " << message << "\n";
    const boost::system::error_code& code = cause;
    if (code == boost::system::errc::not_enough_memory ||
        code == boost::system::errc::too_many_files_open ||
        code == boost::system::errc::too_many_files_open_in_system ||
        code == boost::system::errc::no_lock_available)
        return EX_OSERR;
    if (code == boost::system::errc::read_only_file_system ||
        code == boost::system::errc::no_space_on_device)
        return EX_CANTCREAT;
    return EX_NOINPUT;
}

int report_conflict(const options& options, bool timed_out)
{
    const bool named = !options.quiet && options.program != "flock" && !options.path.empty();
    return report_conflict(options, timed_out, named ? describe_holder(options.path) : "");
}

int report_conflict(const options& options, bool timed_out, const std::string& holder)
{
    if (options.verbose)
        std::cerr << options.program << ": "
                  << (timed_out ? "timeout while waiting to get lock" : "failed to get lock")
                  << "\n";
    if (!options.quiet && options.program != "flock" && !options.path.empty())
        std::cerr << options.program << ": " << options.path << " is locked"
                  << (holder.empty() ? "" : " by " + holder) << "\n";
    return options.conflict_exit_code;
}

} // namespace lockfilectl
