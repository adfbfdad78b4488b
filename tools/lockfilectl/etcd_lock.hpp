// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_ETCD_LOCK_HPP_INCLUDED
#define LOCKFILECTL_ETCD_LOCK_HPP_INCLUDED

// The --etcd side shared by run, hold and status: the client from the
// command line, taking the lock (-n, -w, signals ending the wait), who
// holds it, releasing it, and the statuses of failure.

#include "command_line.hpp"

#include <lockfile/etcd/lock.hpp>
#include <lockfile/etcd/query.hpp>

#include <boost/asio/io_context.hpp>

#include <sysexits.h>

#include <optional>
#include <string>

namespace lockfilectl {

// The exit status after the lock was lost while held (EX_TEMPFAIL: the
// work may be done again).
constexpr int lost_lock_status = EX_TEMPFAIL;

// The client for options.etcd_endpoints on io; nullopt after printing why
// not (exit_status then says with what to exit).
std::optional<lockfile::etcd::client> etcd_client(const options& options,
                                                  boost::asio::io_context& io, int& exit_status);

// The lock NAME, held; or, when it holds nothing, the status to exit with,
// its message printed.
struct etcd_taken {
    std::optional<lockfile::etcd::client> client;
    lockfile::etcd::lock lock;
    int exit_status = 0;
};

// One attempt with -n, else a wait (at most -w); a terminating signal ends
// the wait (128+N).
etcd_taken take_etcd_lock(const options& options, boost::asio::io_context& io);

// Releases the lock (its lease revoked), running io until it is.
void release_etcd_lock(boost::asio::io_context& io, lockfile::etcd::lock& lock);

// "lockfilectl: lost the lock NAME: CAUSE" on standard error.
void report_lost_lock(const options& options, const lockfile::etcd::lock& lock,
                      const boost::system::error_code& ec);

// The exit status for an etcd failure, after printing "PROGRAM: MESSAGE".
int report_etcd_failure(const options& options, const std::string& message,
                        const boost::system::error_code& cause);

// The holder as people read it: "pid 4242 on build-3", or its key when its
// content says nothing (etcdctl's).
std::string describe_etcd_holder(const lockfile::etcd::name_status& status);

} // namespace lockfilectl

#endif // LOCKFILECTL_ETCD_LOCK_HPP_INCLUDED
