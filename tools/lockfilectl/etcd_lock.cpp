// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Taking, describing and releasing an etcd lock for lockfilectl.
#include "etcd_lock.hpp"

#include "holder.hpp"
#include "signals.hpp"
#include "take_lock.hpp"
#include "text_output.hpp"

#include <lockfile/etcd/error.hpp>

#include <boost/asio/signal_set.hpp>

#include <iostream>

namespace lockfilectl {

namespace {

namespace asio = boost::asio;
namespace etcd = lockfile::etcd;

// Who holds NAME now, for the conflict message ("" if etcd cannot say).
std::string current_holder(const options& options, asio::io_context& io, etcd::client& client)
{
    std::string holder;
    etcd::async_query_lock(client, options.path,
                           [&](boost::system::error_code ec, etcd::name_status status) {
                               if (!ec && status.locked)
                                   holder = describe_etcd_holder(status);
                           });
    io.restart();
    io.run();
    return holder;
}

} // namespace

std::optional<etcd::client> etcd_client(const options& options, asio::io_context& io,
                                        int& exit_status)
{
    boost::system::error_code ec;
    std::string why;
    etcd::client client(io.get_executor(), {{*options.etcd_endpoints}}, ec, why);
    if (!ec)
        return client;
    std::cerr << options.program << ": bad --etcd: " << why << "\n";
    exit_status = EX_USAGE;
    return std::nullopt;
}

etcd_taken take_etcd_lock(const options& options, asio::io_context& io)
{
    const auto start = std::chrono::steady_clock::now();
    etcd_taken taken;
    taken.client = etcd_client(options, io, taken.exit_status);
    if (!taken.client)
        return taken;
    etcd::acquire_options acquire;
    acquire.ttl = options.ttl;
    acquire.content_template = options.content;
    acquire.timeout = options.timeout;
    acquire.try_once = options.nonblock;

    asio::signal_set signals(io);
    for (const int number : terminating_signals())
        signals.add(number);
    int signal = 0;
    boost::system::error_code ec;
    etcd::async_acquire(*taken.client, options.path, acquire,
                        [&](boost::system::error_code e, etcd::lock lock) {
                            ec = e;
                            taken.lock = std::move(lock);
                            signals.cancel();
                            // Held: the lease's keep-alive timer would keep
                            // io running. Not held: io runs on until the
                            // lease is revoked, leaving nothing in the queue.
                            if (!e)
                                io.stop();
                        });
    signals.async_wait([&](boost::system::error_code e, int number) {
        if (e)
            return;
        signal = number;
        taken.client->cancel();
    });
    io.run();
    if (!ec) {
        report_lock_taken(options, start);
        return taken;
    }
    if (signal != 0)
        taken.exit_status = 128 + signal;
    else if (is_conflict(ec))
        taken.exit_status =
            report_conflict(options, ec == lockfile::error::timed_out,
                            options.quiet ? "" : current_holder(options, io, *taken.client));
    else
        taken.exit_status = report_etcd_failure(
            options,
            "cannot lock " + shown(options.path) +
                " on etcd: " + (taken.lock.failure().empty() ? ec.message() : taken.lock.failure()),
            ec);
    return taken;
}

void release_etcd_lock(asio::io_context& io, etcd::lock& lock)
{
    if (!lock.owns_lock())
        return;
    // The io_context may hold the lease's keep-alive timer, which never
    // runs out: stop it when the release completes.
    lock.async_release([&io](boost::system::error_code) { io.stop(); });
    io.restart();
    io.run();
}

void report_lost_lock(const options& options, const etcd::lock& lock,
                      const boost::system::error_code& ec)
{
    std::cerr << options.program << ": lost the lock " << shown(options.path) << ": "
              << (lock.failure().empty() ? ec.message() : lock.failure()) << "\n";
}

int report_etcd_failure(const options& options, const std::string& message,
                        const boost::system::error_code& cause)
{
    std::cerr << options.program << ": " << message << "\n";
    if (cause == etcd::error::unreachable)
        return EX_UNAVAILABLE;
    if (cause == etcd::error::bad_name || cause == lockfile::error::bad_template)
        return EX_DATAERR;
    if (cause == etcd::error::lease_lost)
        return EX_TEMPFAIL;
    return EX_PROTOCOL; // an HTTP error, an answer that is not etcd's
}

std::string describe_etcd_holder(const etcd::name_status& status)
{
    if (status.holder.pid)
        return describe_process(*status.holder.pid, shown(status.holder.hostname));
    return "key " + shown(status.key);
}

} // namespace lockfilectl
