// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_BENCH_ETCD_RAW_HPP_INCLUDED
#define LOCKFILE_BENCH_ETCD_RAW_HPP_INCLUDED

// What the etcd benchmarks share: raw synchronous gateway requests on one
// kept-alive connection (the floor's way, and etcd's /metrics), and the
// library's loop run until a lock is held or a queue has formed.

#include <lockfile/etcd/lock.hpp>
#include <lockfile/etcd/query.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace bench_etcd {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using json = nlohmann::json;
using clock_type = std::chrono::steady_clock;

inline double micros(clock_type::duration d)
{
    return std::chrono::duration<double, std::micro>(d).count();
}

inline double median(std::vector<double> values)
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

// NAME held through `etcd`, or a thrown error.
inline std::optional<lockfile::etcd::lock>
acquire(asio::io_context& io, lockfile::etcd::client& etcd, const std::string& name)
{
    std::optional<lockfile::etcd::lock> held;
    lockfile::etcd::async_acquire(etcd, name, {},
                                  [&](boost::system::error_code ec, lockfile::etcd::lock l) {
                                      if (ec)
                                          throw boost::system::system_error(ec, l.failure());
                                      held = std::move(l);
                                  });
    run_until(io, [&] { return held.has_value(); });
    return held;
}

// Until NAME's queue (holder and waiters) has `keys` keys.
inline void until_queued(asio::io_context& io, lockfile::etcd::client& etcd,
                         const std::string& name, std::size_t keys)
{
    for (std::size_t queued = 0; queued < keys;) {
        std::optional<lockfile::etcd::name_status> status;
        lockfile::etcd::async_query_lock(
            etcd, name,
            [&](boost::system::error_code, lockfile::etcd::name_status s) { status = s; });
        run_until(io, [&] { return status.has_value(); });
        queued = status->queue_length;
    }
}

// http://HOST:PORT split.
struct address {
    explicit address(const std::string& endpoint)
    {
        const auto host_port = endpoint.substr(endpoint.find("//") + 2);
        host = host_port.substr(0, host_port.rfind(':'));
        port = host_port.substr(host_port.rfind(':') + 1);
    }
    std::string host, port;
};

// One kept-alive connection to the gateway, synchronous.
class raw_connection {
public:
    raw_connection(asio::io_context& io, const address& to) : stream_(io), host_(to.host)
    {
        asio::ip::tcp::resolver resolver(io);
        stream_.connect(resolver.resolve(to.host, to.port));
        stream_.socket().set_option(asio::ip::tcp::no_delay(true));
    }

    json post(const std::string& target, const json& body)
    {
        send(http::verb::post, target, body.dump());
        return json::parse(read());
    }

    // etcd's Prometheus metrics: the sum of the samples of `metric` whose
    // labels contain `label` (such as grpc_method="Txn"; empty: all).
    double metric(const std::string& metric, const std::string& label = {})
    {
        send(http::verb::get, "/metrics", {});
        std::istringstream lines(read());
        double sum = 0;
        for (std::string line; std::getline(lines, line);)
            if (line.compare(0, metric.size() + 1, metric + "{") == 0 &&
                line.find(label) != std::string::npos)
                sum += std::stod(line.substr(line.rfind(' ') + 1));
        return sum;
    }

    // The request alone: for a watch, whose answer is a stream read apart.
    void send(http::verb verb, const std::string& target, const std::string& body)
    {
        http::request<http::string_body> request(verb, target, 11);
        request.set(http::field::host, host_);
        request.set(http::field::content_type, "application/json");
        request.keep_alive(true);
        request.body() = body;
        request.prepare_payload();
        http::write(stream_, request);
    }
    boost::beast::tcp_stream& stream() { return stream_; }
    boost::beast::flat_buffer& buffer() { return buffer_; }

private:
    std::string read()
    {
        http::response<http::string_body> response;
        http::read(stream_, buffer_, response);
        return response.body();
    }

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::string host_;
};

} // namespace bench_etcd

#endif // LOCKFILE_BENCH_ETCD_RAW_HPP_INCLUDED
