// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfile::etcd against the floor of the raw gateway requests it needs,
// measured in the same run on the same etcd (bench/run.sh starts one on
// tmpfs): an uncontended acquire + release against lease grant + join
// transaction + delete + revoke on one kept-alive connection; a hand-off
// (the holder's release to the next waiter's hold) against a raw watch
// seeing a key's delete event. Medians of interleaved rounds.
//
// usage: bench_etcd http://HOST:PORT ROUNDS

#include <lockfile/etcd/lock.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include "../lib/etcd/base64.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace http = boost::beast::http;
using clock_type = std::chrono::steady_clock;
using json = nlohmann::json;
using lockfile::etcd::detail::base64_encode;

namespace {

double micros(clock_type::duration d)
{
    return std::chrono::duration<double, std::micro>(d).count();
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Runs io until `done`: once out of work, a loop stops, and must restart.
template <class Done> void run_until(asio::io_context& io, Done done)
{
    while (!done())
        if (io.run_one() == 0)
            io.restart();
}

// One kept-alive connection to the gateway, synchronous: the floor's way.
class raw_connection {
public:
    raw_connection(asio::io_context& io, const std::string& host, const std::string& port)
        : stream_(io), host_(host)
    {
        asio::ip::tcp::resolver resolver(io);
        stream_.connect(resolver.resolve(host, port));
        stream_.socket().set_option(asio::ip::tcp::no_delay(true));
    }

    json post(const std::string& target, const json& body)
    {
        send(target, body);
        http::response<http::string_body> response;
        http::read(stream_, buffer_, response);
        return json::parse(response.body());
    }

    // The request alone: for a watch, whose answer is a stream read apart.
    void send(const std::string& target, const json& body)
    {
        http::request<http::string_body> request(http::verb::post, target, 11);
        request.set(http::field::host, host_);
        request.set(http::field::content_type, "application/json");
        request.keep_alive(true);
        request.body() = body.dump();
        request.prepare_payload();
        http::write(stream_, request);
    }
    boost::beast::tcp_stream& stream() { return stream_; }
    boost::beast::flat_buffer& buffer() { return buffer_; }

private:
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::string host_;
};

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

// The floor of a hand-off: a watch on a key sees its delete event; from
// just before the delete is sent to the event's arrival.
double raw_handoff(asio::io_context& io, const std::string& host, const std::string& port,
                   raw_connection& writer, int round)
{
    const std::string key = base64_encode("raw-handoff/" + std::to_string(round));
    const json put = writer.post("/v3/kv/put", {{"key", key}, {"value", base64_encode("x")}});
    raw_connection watcher(io, host, port);
    watcher.send("/v3/watch", {{"create_request",
                                {{"key", key}, {"start_revision", put["header"]["revision"]}}}});
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

// The library's hand-off: from the holder's async_release to the waiter's
// completion, both in this process, through two clients.
double library_handoff(asio::io_context& io, lockfile::etcd::client& holding,
                       lockfile::etcd::client& waiting, const std::string& name)
{
    std::optional<lockfile::etcd::lock> held, next;
    lockfile::etcd::async_acquire(
        holding, name, {},
        [&](boost::system::error_code, lockfile::etcd::lock l) { held = std::move(l); });
    run_until(io, [&] { return held.has_value(); });
    lockfile::etcd::async_acquire(
        waiting, name, {},
        [&](boost::system::error_code, lockfile::etcd::lock l) { next = std::move(l); });
    // Until the waiter's watch is set: its key is second in the queue and
    // it waits on the predecessor's deletion. No event announces it; a
    // short run of the loop is enough on loopback, and is not timed.
    const auto settle = clock_type::now() + std::chrono::milliseconds(20);
    while (clock_type::now() < settle)
        if (io.run_one_until(settle) == 0)
            io.restart();
    const auto start = clock_type::now();
    held->async_release([](boost::system::error_code) {});
    run_until(io, [&] { return next.has_value(); });
    const double took = micros(clock_type::now() - start);
    bool released = false;
    next->async_release([&](boost::system::error_code) { released = true; });
    run_until(io, [&] { return released; });
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
    const auto host_port = endpoint.substr(endpoint.find("//") + 2);
    const std::string host = host_port.substr(0, host_port.rfind(':'));
    const std::string port = host_port.substr(host_port.rfind(':') + 1);

    asio::io_context io;
    lockfile::etcd::client etcd(io.get_executor(), {{endpoint}});
    lockfile::etcd::client other(io.get_executor(), {{endpoint}});
    asio::io_context raw_io; // the floor's synchronous sockets: apart from the library's loop
    raw_connection raw(raw_io, host, port);

    std::vector<double> cycle, cycle_floor, handoff, handoff_floor;
    for (int round = 0; round < rounds; ++round) {
        auto start = clock_type::now();
        library_cycle(io, etcd, "bench-cycle");
        cycle.push_back(micros(clock_type::now() - start));
        start = clock_type::now();
        raw_cycle(raw, "bench-raw-cycle");
        cycle_floor.push_back(micros(clock_type::now() - start));
        handoff.push_back(library_handoff(io, etcd, other, "bench-handoff"));
        handoff_floor.push_back(raw_handoff(raw_io, host, port, raw, round));
    }
    std::printf("acquire+release: p50 %.0f us, floor (grant, txn, delete, revoke) p50 %.0f us, "
                "ratio %.2f\n",
                median(cycle), median(cycle_floor), median(cycle) / median(cycle_floor));
    std::printf("hand-off: p50 %.0f us, floor (a raw watch's delete event) p50 %.0f us, "
                "ratio %.2f\n",
                median(handoff), median(handoff_floor), median(handoff) / median(handoff_floor));
    return 0;
}
