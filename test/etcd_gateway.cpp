// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The etcd component's HTTP/JSON requests (lib/etcd/gateway.hpp) against a
// real etcd: answers, streams, fail-over across endpoints, and failures that
// name the endpoint and come within the request timeout.
#define BOOST_TEST_MODULE etcd_gateway
#include <boost/test/unit_test.hpp>

#include "../lib/etcd/base64.hpp"
#include "../lib/etcd/gateway.hpp"

#include <lockfile/etcd/error.hpp>

#include "support/etcd_cluster.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <optional>

namespace asio = boost::asio;
using json = nlohmann::json;
using lockfile::etcd::detail::endpoint;
using lockfile::etcd::detail::gateway;
using lockfile::etcd::detail::gateway_answer;

namespace {

std::vector<endpoint> parsed(const std::vector<std::string>& urls)
{
    std::vector<endpoint> endpoints;
    for (const auto& url : urls) {
        endpoint e;
        std::string why;
        BOOST_REQUIRE_MESSAGE(lockfile::etcd::detail::parse_endpoint(url, e, why), why);
        endpoints.push_back(e);
    }
    return endpoints;
}

// One request, run to its answer.
gateway_answer post(const std::vector<std::string>& urls, const std::string& target,
                    const json& body,
                    std::chrono::steady_clock::duration timeout = std::chrono::seconds(5))
{
    asio::io_context io;
    gateway g(io.get_executor(), parsed(urls), timeout);
    std::optional<gateway_answer> answer;
    g.post(target, body, [&](gateway_answer a) { answer = std::move(a); });
    BOOST_TEST(!answer.has_value()); // never inside the call
    io.run();
    BOOST_REQUIRE(answer.has_value());
    return *answer;
}

// A port where nothing listens: connecting is refused at once.
std::string refusing_endpoint()
{
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    return "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port());
}

} // namespace

BOOST_AUTO_TEST_CASE(a_request_is_answered, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    const gateway_answer answer = post(etcd.endpoints(), "/v3/lease/grant", {{"TTL", 5}});
    BOOST_TEST(!answer.ec, answer.failure);
    BOOST_TEST(answer.body["ID"].is_string()); // 64-bit integers are strings
    BOOST_TEST(answer.body["TTL"] == "5");
}

BOOST_AUTO_TEST_CASE(a_refusing_endpoint_is_failed_over, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    const gateway_answer answer =
        post({refusing_endpoint(), etcd.endpoints().front()}, "/v3/lease/grant", {{"TTL", 5}});
    BOOST_TEST(!answer.ec, answer.failure);
    BOOST_TEST(answer.body.contains("ID"));
}

BOOST_AUTO_TEST_CASE(no_answer_is_unreachable_within_the_timeout, *boost::unit_test::timeout(30))
{
    // One refuses, one accepts the connection and never answers.
    asio::io_context io;
    asio::ip::tcp::acceptor silent(io, {asio::ip::make_address("127.0.0.1"), 0});
    const std::string silent_url =
        "http://127.0.0.1:" + std::to_string(silent.local_endpoint().port());
    const std::string refusing_url = refusing_endpoint();
    const auto start = std::chrono::steady_clock::now();
    const gateway_answer answer = post({refusing_url, silent_url}, "/v3/lease/grant",
                                       {{"TTL", 5}}, std::chrono::milliseconds(500));
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(answer.ec == lockfile::etcd::error::unreachable);
    BOOST_TEST((answer.failure.find(silent_url) == 0 || answer.failure.find(refusing_url) == 0),
               answer.failure);
    BOOST_TEST((took < std::chrono::seconds(2)), "no hang past the request timeout");
}

BOOST_AUTO_TEST_CASE(refusals_name_the_endpoint_and_what_etcd_said, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    const std::string url = etcd.endpoints().front();
    const gateway_answer on_dead_lease =
        post({url}, "/v3/kv/put",
             {{"key", lockfile::etcd::detail::base64_encode("k")}, {"lease", "12345"}});
    BOOST_TEST(on_dead_lease.ec == lockfile::etcd::error::lease_lost);
    BOOST_TEST(on_dead_lease.failure.find(url + ": HTTP 404") == 0, on_dead_lease.failure);
    const gateway_answer wrong_path = post({url}, "/v3/no/such/call", json::object());
    BOOST_TEST(wrong_path.ec == lockfile::etcd::error::http_error);
    BOOST_TEST(wrong_path.failure.find(url + ": HTTP 404") == 0, wrong_path.failure);
}

BOOST_AUTO_TEST_CASE(a_stream_delivers_each_object_until_cancelled, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    const std::string key = lockfile::etcd::detail::base64_encode("watched");
    asio::io_context io;
    gateway g(io.get_executor(), parsed(etcd.endpoints()), std::chrono::seconds(5));
    std::vector<json> objects;
    std::optional<gateway_answer> end;
    g.stream("/v3/watch", {{"create_request", {{"key", key}}}},
             [&](const json& object) {
                 objects.push_back(object);
                 if (objects.size() == 1) // created: now a put, which the watch reports
                     lockfile_test::etcd_request(etcd.endpoints().front(), "/v3/kv/put",
                                                 json{{"key", key}, {"value", key}}.dump());
                 else
                     g.cancel();
             },
             [&](gateway_answer a) { end = std::move(a); });
    io.run();
    BOOST_REQUIRE(end.has_value());
    BOOST_TEST(end->ec == asio::error::operation_aborted);
    BOOST_REQUIRE(objects.size() == 2u);
    BOOST_TEST(objects[0]["result"]["created"] == true);
    BOOST_TEST(objects[1]["result"]["events"][0]["kv"]["key"] == key);
}

// A killed member refuses, the others answer 503 until they have elected a
// new leader (about 1.5 s): the request goes round the endpoints meanwhile.
BOOST_AUTO_TEST_CASE(a_write_goes_on_when_the_leader_is_killed, *boost::unit_test::timeout(120))
{
    lockfile_test::etcd_cluster etcd(3);
    const std::size_t leader = etcd.leader();
    std::vector<std::string> leader_first = {etcd.endpoints()[leader]};
    for (std::size_t i = 0; i < 3; ++i)
        if (i != leader)
            leader_first.push_back(etcd.endpoints()[i]);
    etcd.kill(leader);
    const std::string key = lockfile::etcd::detail::base64_encode("k");
    const gateway_answer answer = post(leader_first, "/v3/kv/put", {{"key", key}, {"value", key}},
                                       std::chrono::seconds(10));
    BOOST_TEST(!answer.ec, answer.failure);
    BOOST_TEST(etcd.leader() != leader);
}
