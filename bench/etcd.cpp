// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfile::etcd against the floor of the raw gateway requests it needs,
// measured in the same run on the same etcd (bench/run.sh starts one on
// tmpfs): an uncontended acquire + release against lease grant + join
// transaction + delete + revoke on one kept-alive connection; a hand-off
// (the holder's release to the next waiter's hold) against a raw watch
// seeing a key's delete event, with `etcdctl lock` as the waiter beside it.
// Medians of interleaved rounds.
//
// usage: bench_etcd http://HOST:PORT ROUNDS

#include "../lib/etcd/base64.hpp"
#include "etcd_raw.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

extern char** environ;

using namespace bench_etcd;
using lockfile::etcd::detail::base64_encode;

namespace {

// The requests of one uncontended cycle, raw.
void raw_cycle(raw_connection& c, const std::string& name)
{
    const json lease = c.post("/v3/lease/grant", {{"TTL", "10"}});
    const std::string id = lease["ID"].get<std::string>();
    const std::string key = base64_encode(name + "/" + id);
    const json range = {{"key", base64_encode(name + "/")},
                        {"range_end", base64_encode(name + "0")},
                        {"sort_order", "ASCEND"},
                        {"sort_target", "CREATE"},
                        {"limit", "1"}};
    c.post("/v3/kv/txn", {{"compare", json::array({{{"result", "EQUAL"},
                                                    {"target", "CREATE"},
                                                    {"key", key},
                                                    {"create_revision", "0"}}})},
                          {"success", json::array({{{"request_put", {{"key", key}, {"lease", id}}}},
                                                   {{"request_range", range}}})},
                          {"failure", json::array({{{"request_range", {{"key", key}}}},
                                                   {{"request_range", range}}})}});
    c.post("/v3/kv/deleterange", {{"key", key}});
    c.post("/v3/lease/revoke", {{"ID", id}});
}

// One acquire + release through the library, run to completion on io.
void library_cycle(asio::io_context& io, lockfile::etcd::client& etcd, const std::string& name)
{
    bool done = false;
    lockfile::etcd::async_acquire(
        etcd, name, {}, [&](boost::system::error_code ec, lockfile::etcd::lock lock) {
            if (ec)
                throw boost::system::system_error(ec, lock.failure());
            auto held = std::make_shared<lockfile::etcd::lock>(std::move(lock));
            held->async_release([&done, held](boost::system::error_code) { done = true; });
        });
    run_until(io, [&] { return done; });
}

// How long a waiter is left to set its watch before the holder lets go
// (settle()). The raw floor's watcher idles as long: etcd passes an event on
// about twice as fast while its goroutines are still running from a request
// a moment before (0.55 ms from a watch made 1 ms before the delete, 1.2 ms
// from one idle 20 ms, on this machine), and a waiter in real use has
// waited longer still.
constexpr auto settle_time = std::chrono::milliseconds(20);

// The floor of a hand-off: a watch on a key sees its delete event; from
// just before the delete is sent to the event's arrival.
double raw_handoff(asio::io_context& io, const address& etcd, raw_connection& writer, int round)
{
    const std::string key = base64_encode("raw-handoff/" + std::to_string(round));
    const json put = writer.post("/v3/kv/put", {{"key", key}, {"value", base64_encode("x")}});
    raw_connection watcher(io, etcd);
    // From the revision after the put: a watch that starts in the future is
    // in sync at once (one that starts in the past waits for etcd's sync
    // loop, every 100 ms).
    const auto after = std::to_string(std::stoll(put["header"]["revision"].get<std::string>()) + 1);
    watcher.send(http::verb::post, "/v3/watch",
                 json{{"create_request", {{"key", key}, {"start_revision", after}}}}.dump());
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(boost::none);
    http::read_header(watcher.stream(), watcher.buffer(), parser);
    std::string pending;
    char chunk[4096];
    // Objects until the one that says the watch was created.
    const auto next_object = [&]() -> json {
        for (;;) {
            const auto end = pending.find('\n');
            if (end != std::string::npos) {
                const json object = json::parse(pending.substr(0, end));
                pending.erase(0, end + 1);
                return object;
            }
            parser.get().body().data = chunk;
            parser.get().body().size = sizeof chunk;
            boost::system::error_code ec;
            http::read_some(watcher.stream(), watcher.buffer(), parser, ec);
            if (ec && ec != http::error::need_buffer)
                throw boost::system::system_error(ec);
            pending.append(chunk, sizeof chunk - parser.get().body().size);
        }
    };
    next_object(); // created
    std::this_thread::sleep_for(settle_time); // as the library's waiter is left
    const auto start = clock_type::now();
    std::thread deleter([&] { writer.post("/v3/kv/deleterange", {{"key", key}}); });
    for (;;) {
        const json object = next_object();
        if (object.contains("result") && object["result"].contains("events"))
            break;
    }
    const double took = micros(clock_type::now() - start);
    deleter.join();
    return took;
}

// Runs io for settle_time: until a waiter's watch is set. No event announces
// it (the waiter's key is in the queue before); a short run of the loop is
// enough on loopback, and is not timed.
void settle(asio::io_context& io)
{
    const auto until = clock_type::now() + settle_time;
    while (clock_type::now() < until)
        if (io.run_one_until(until) == 0)
            io.restart();
}

// The holder's release, and the time from it to `handed()` turning true.
template <class Handed>
double time_release(asio::io_context& io, lockfile::etcd::lock& held, Handed handed)
{
    const auto start = clock_type::now();
    bool released = false;
    held.async_release([&](boost::system::error_code) { released = true; });
    run_until(io, [&] { return handed(); });
    const double took = micros(clock_type::now() - start);
    run_until(io, [&] { return released; });
    return took;
}

// The library's hand-off: from the holder's async_release to the waiter's
// completion, both in this process, through two clients.
double library_handoff(asio::io_context& io, lockfile::etcd::client& holding,
                       lockfile::etcd::client& waiting, const std::string& name)
{
    auto held = acquire(io, holding, name);
    std::optional<lockfile::etcd::lock> next;
    lockfile::etcd::async_acquire(
        waiting, name, {},
        [&](boost::system::error_code, lockfile::etcd::lock l) { next = std::move(l); });
    settle(io);
    const double took = time_release(io, *held, [&] { return next.has_value(); });
    bool released = false;
    next->async_release([&](boost::system::error_code) { released = true; });
    run_until(io, [&] { return released; });
    return took;
}

// `etcdctl lock NAME` as the waiter: from our release to its first line
// (it prints its key once it holds, before it would run a command).
double etcdctl_handoff(asio::io_context& io, lockfile::etcd::client& etcd,
                       const std::string& endpoint, const std::string& name)
{
    auto held = acquire(io, etcd, name);
    int out[2];
    if (::pipe(out) != 0)
        throw std::system_error(errno, std::generic_category(), "pipe");
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    ::posix_spawn_file_actions_addclose(&actions, out[0]);
    std::string endpoints = "--endpoints=" + endpoint, lock = "lock", lock_name = name;
    std::string program = "etcdctl";
    char* argv[] = {program.data(), endpoints.data(), lock.data(), lock_name.data(), nullptr};
    pid_t child = -1;
    const int spawned = ::posix_spawnp(&child, "etcdctl", &actions, nullptr, argv, environ);
    ::posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (spawned != 0)
        throw std::system_error(spawned, std::generic_category(), "etcdctl");
    until_queued(io, etcd, name, 2); // its key is behind ours
    settle(io);
    std::atomic<bool> printed{false};
    std::thread reader([&] {
        char c = 0;
        while (::read(out[0], &c, 1) == 1 && c != '\n') {}
        printed = true;
    });
    const double took = time_release(io, *held, [&] { return printed.load(); });
    reader.join();
    ::kill(child, SIGTERM); // it unlocks and revokes its session
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(out[0]);
    return took;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: bench_etcd http://HOST:PORT ROUNDS\n";
        return 2;
    }
    const std::string endpoint = argv[1];
    const int rounds = std::stoi(argv[2]);
    const address at(endpoint);

    asio::io_context io;
    lockfile::etcd::client etcd(io.get_executor(), {{endpoint}});
    lockfile::etcd::client other(io.get_executor(), {{endpoint}});
    asio::io_context raw_io; // the floor's synchronous sockets: apart from the library's loop
    raw_connection raw(raw_io, at);

    std::vector<double> cycle, cycle_floor, handoff, handoff_floor, handoff_etcdctl;
    for (int round = 0; round < rounds; ++round) {
        auto start = clock_type::now();
        library_cycle(io, etcd, "bench-cycle");
        cycle.push_back(micros(clock_type::now() - start));
        start = clock_type::now();
        raw_cycle(raw, "bench-raw-cycle");
        cycle_floor.push_back(micros(clock_type::now() - start));
        handoff.push_back(library_handoff(io, etcd, other, "bench-handoff"));
        handoff_floor.push_back(raw_handoff(raw_io, at, raw, round));
        if (round % 4 == 0) // a process each time: fewer rounds
            handoff_etcdctl.push_back(
                etcdctl_handoff(io, etcd, endpoint, "bench-etcdctl-" + std::to_string(round)));
    }
    // Lines for bench/report.py: what, p50 us, floor p50 us (etcdctl: its p50).
    std::printf("cycle %.0f %.0f\n", median(cycle), median(cycle_floor));
    std::printf("handoff %.0f %.0f\n", median(handoff), median(handoff_floor));
    std::printf("handoff_etcdctl %.0f %.0f\n", median(handoff_etcdctl), median(handoff_floor));
    return 0;
}
