// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfile::etcd at scale, counted by etcd itself (its /metrics): COUNT
// waiters of one process on one NAME, served one after another (requests
// per acquisition, time per hand-off, FIFO kept); COUNT NAMEs held by one
// process (time per acquisition, keep-alive requests per second, the
// process's CPU and connections while it holds them).
//
// usage: bench_etcd_scale http://HOST:PORT COUNT

#include "etcd_raw.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace bench_etcd;

namespace {

// Calls (unary requests and streams) etcd started, all methods together.
double calls(raw_connection& metrics)
{
    return metrics.metric("grpc_server_started_total");
}

double cpu_seconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::size_t open_descriptors()
{
    const std::filesystem::directory_iterator fds("/proc/self/fd");
    return static_cast<std::size_t>(std::distance(begin(fds), end(fds)));
}

// COUNT waiters behind a holder, each releasing as soon as it holds.
void queue_of_waiters(asio::io_context& io, lockfile::etcd::client& etcd, raw_connection& metrics,
                      int count)
{
    const std::string name = "bench-queue";
    auto holder = acquire(io, etcd, name);

    const double before = calls(metrics);
    std::vector<std::int64_t> served; // fencing tokens, in the order served
    int failed = 0;
    for (int i = 0; i < count; ++i)
        lockfile::etcd::async_acquire(
            etcd, name, {}, [&](boost::system::error_code ec, lockfile::etcd::lock l) {
                if (ec)
                    return void(++failed);
                served.push_back(l.fencing_token());
                auto held = std::make_shared<lockfile::etcd::lock>(std::move(l));
                held->async_release([held](boost::system::error_code) {});
            });
    until_queued(io, etcd, name, static_cast<std::size_t>(count) + 1);
    const double queued_calls = calls(metrics) - before;
    const auto start = clock_type::now();
    bool released = false;
    holder->async_release([&](boost::system::error_code) { released = true; });
    run_until(io, [&] { return released && static_cast<int>(served.size()) + failed == count; });
    const double per_handoff = micros(clock_type::now() - start) / count;
    const double total_calls = calls(metrics) - before;
    bool in_order = true;
    for (std::size_t i = 1; i < served.size(); ++i)
        in_order = in_order && served[i - 1] < served[i];
    // queue COUNT SERVED IN_ORDER US_PER_HANDOFF CALLS_PER_ACQUIRE CALLS_TO_JOIN
    std::printf("queue %d %zu %d %.0f %.1f %.1f\n", count, served.size(), in_order ? 1 : 0,
                per_handoff, total_calls / count, queued_calls / count);
}

// COUNT names held at once for a while, with a TTL of 3 s.
void many_names(asio::io_context& io, lockfile::etcd::client& etcd, raw_connection& metrics,
                int count)
{
    lockfile::etcd::acquire_options options;
    options.ttl = std::chrono::seconds(3);
    std::vector<lockfile::etcd::lock> held;
    int failed = 0;
    const std::size_t descriptors_before = open_descriptors();
    const double before = calls(metrics);
    const auto start = clock_type::now();
    for (int i = 0; i < count; ++i)
        lockfile::etcd::async_acquire(etcd, "bench-name-" + std::to_string(i), options,
                                      [&](boost::system::error_code ec, lockfile::etcd::lock l) {
                                          ec ? void(++failed) : held.push_back(std::move(l));
                                      });
    run_until(io, [&] { return static_cast<int>(held.size()) + failed == count; });
    const double per_acquire = micros(clock_type::now() - start) / count;
    const double acquire_calls = (calls(metrics) - before) / count;
    const double connections = static_cast<double>(open_descriptors() - descriptors_before) / count;

    const auto keepalives = [&] {
        return metrics.metric("grpc_server_msg_received_total", "grpc_method=\"LeaseKeepAlive\"");
    };
    const double keepalives_before = keepalives(), cpu_before = cpu_seconds();
    const auto window = std::chrono::seconds(9); // three renewals of each lease
    const auto until = clock_type::now() + window;
    while (clock_type::now() < until)
        if (io.run_one_until(until) == 0)
            io.restart();
    const double per_second = (keepalives() - keepalives_before) / 9.0;
    const double cpu_ms_per_second = (cpu_seconds() - cpu_before) * 1000 / 9.0;
    std::size_t still_held = 0;
    for (const auto& l : held)
        still_held += l.owns_lock() ? 1 : 0;
    int released = 0;
    for (auto& l : held)
        l.async_release([&](boost::system::error_code) { ++released; });
    run_until(io, [&] { return released == static_cast<int>(held.size()); });
    // names COUNT HELD_AT_END US_PER_ACQUIRE CALLS_PER_ACQUIRE KEEPALIVES_PER_S CPU_MS_PER_S
    //       CONNECTIONS_PER_LOCK
    std::printf("names %d %zu %.0f %.1f %.0f %.1f %.2f\n", count, still_held, per_acquire,
                acquire_calls, per_second, cpu_ms_per_second, connections);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: bench_etcd_scale http://HOST:PORT COUNT\n";
        return 2;
    }
    const std::string endpoint = argv[1];
    const int count = std::stoi(argv[2]);
    asio::io_context io;
    lockfile::etcd::client etcd(io.get_executor(), {{endpoint}});
    asio::io_context raw_io;
    raw_connection metrics(raw_io, address(endpoint));
    queue_of_waiters(io, etcd, metrics, count);
    many_names(io, etcd, metrics, count);
    return 0;
}
