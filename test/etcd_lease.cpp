// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// An etcd lease kept alive (lib/etcd/lease.hpp), against a real etcd: kept
// past its TTL, and reported lost when revoked elsewhere or when no
// keep-alive is acknowledged, before it can have expired on the server.
#define BOOST_TEST_MODULE etcd_lease
#include <boost/test/unit_test.hpp>

#include "../lib/etcd/base64.hpp"
#include "../lib/etcd/lease.hpp"

#include <lockfile/etcd/error.hpp>

#include "support/etcd_cluster.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <optional>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using lockfile::etcd::detail::base64_encode;
using lockfile::etcd::detail::gateway;
using lockfile::etcd::detail::gateway_answer;
using lockfile::etcd::detail::lease;
using clock_type = std::chrono::steady_clock;

namespace {

struct lost_report {
    boost::system::error_code ec;
    std::string why;
    clock_type::time_point when;
};

// A lease granted on the cluster, kept alive by `io`.
struct kept_lease {
    kept_lease(asio::io_context& io, const lockfile_test::etcd_cluster& etcd, std::chrono::seconds ttl)
    {
        std::vector<lockfile::etcd::detail::endpoint> endpoints;
        for (const auto& url : etcd.endpoints()) {
            lockfile::etcd::detail::endpoint e;
            std::string why;
            BOOST_REQUIRE(lockfile::etcd::detail::parse_endpoint(url, e, why));
            endpoints.push_back(e);
        }
        requests = std::make_shared<gateway>(io.get_executor(), endpoints, 2s);
        held = std::make_shared<lease>(requests, io.get_executor());
        std::optional<gateway_answer> granted;
        sent = clock_type::now();
        held->grant(
            ttl, [&](gateway_answer a) { granted = std::move(a); },
            [this](boost::system::error_code ec, const std::string& why) {
                lost = lost_report{ec, why, clock_type::now()};
            });
        while (!granted && io.run_one()) {
        }
        BOOST_REQUIRE(granted.has_value());
        BOOST_REQUIRE_MESSAGE(!granted->ec, granted->failure);
        granted_ttl = std::chrono::seconds(std::stoll(granted->body["TTL"].get<std::string>()));
    }

    std::shared_ptr<gateway> requests;
    std::shared_ptr<lease> held;
    clock_type::time_point sent;
    std::chrono::seconds granted_ttl{0};
    std::optional<lost_report> lost;
};

// Runs io until `done` or `limit` passes.
template <class Done> void run_until(asio::io_context& io, Done done, clock_type::duration limit)
{
    asio::steady_timer limit_timer(io, limit);
    bool out_of_time = false;
    limit_timer.async_wait([&](boost::system::error_code ec) { out_of_time = !ec; });
    while (!done() && !out_of_time && io.run_one()) {
    }
    limit_timer.cancel();
    io.restart();
}

std::string range(const std::string& endpoint, const std::string& key)
{
    return lockfile_test::etcd_request(endpoint, "/v3/kv/range",
                                       R"({"key":")" + base64_encode(key) + R"("})");
}

} // namespace

BOOST_AUTO_TEST_CASE(a_lease_is_kept_alive_past_its_ttl, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    asio::io_context io;
    kept_lease kept(io, etcd, 2s);
    const std::string url = etcd.endpoints().front();
    lockfile_test::etcd_request(url, "/v3/kv/put",
                                R"({"key":")" + base64_encode("held") + R"(","lease":")" +
                                    kept.held->id() + R"("})");
    // Twice the TTL: the key lives only if keep-alives went through.
    run_until(io, [] { return false; }, 2 * kept.granted_ttl);
    BOOST_TEST(!kept.lost.has_value());
    BOOST_TEST(kept.held->alive());
    BOOST_TEST(range(url, "held").find("\"kvs\"") != std::string::npos);
    BOOST_TEST((kept.held->deadline() > clock_type::now()));

    std::optional<gateway_answer> revoked;
    kept.held->revoke([&](gateway_answer a) { revoked = std::move(a); });
    run_until(io, [&] { return revoked.has_value(); }, 10s);
    BOOST_REQUIRE(revoked.has_value());
    BOOST_TEST(!revoked->ec, revoked->failure);
    BOOST_TEST(range(url, "held").find("\"kvs\"") == std::string::npos); // its keys went with it
    BOOST_TEST(!kept.lost.has_value()); // revoking is no loss
}

BOOST_AUTO_TEST_CASE(a_lease_revoked_elsewhere_is_reported_lost, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    asio::io_context io;
    kept_lease kept(io, etcd, 3s);
    lockfile_test::etcd_request(etcd.endpoints().front(), "/v3/lease/revoke",
                                R"({"ID":")" + kept.held->id() + R"("})");
    run_until(io, [&] { return kept.lost.has_value(); }, 2 * kept.granted_ttl);
    BOOST_REQUIRE(kept.lost.has_value());
    BOOST_TEST(kept.lost->ec == lockfile::etcd::error::lease_lost);
    BOOST_TEST(!kept.held->alive());
    BOOST_TEST_MESSAGE("lost: " << kept.lost->why);
}

// With etcd gone, no keep-alive is acknowledged: the loss is reported before
// the lease can have expired on the server (send time of the grant + TTL).
BOOST_AUTO_TEST_CASE(a_lease_without_answers_is_lost_before_it_expires,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    asio::io_context io;
    kept_lease kept(io, etcd, 3s);
    etcd.kill(0);
    run_until(io, [&] { return kept.lost.has_value(); }, 3 * kept.granted_ttl);
    BOOST_REQUIRE(kept.lost.has_value());
    BOOST_TEST(kept.lost->ec == lockfile::etcd::error::lease_lost);
    BOOST_TEST((kept.lost->when < kept.sent + kept.granted_ttl), "reported before the TTL ran out");
    BOOST_TEST(!kept.held->alive());
}

// The ids that etcdctl lock's keys end with (Go's strconv.FormatInt(id, 16)).
BOOST_AUTO_TEST_CASE(lease_ids_in_hexadecimal, *boost::unit_test::timeout(5))
{
    using lockfile::etcd::detail::hex_lease_id;
    BOOST_TEST(hex_lease_id("7587847368537513226") == "694d72fac38f9d0a");
    BOOST_TEST(hex_lease_id("1") == "1");
    BOOST_TEST(hex_lease_id("9223372036854775807") == "7fffffffffffffff");
    for (const char* bad : {"", "0", "-5", "12a", "9223372036854775808", "99999999999999999999"})
        BOOST_TEST(hex_lease_id(bad).empty(), bad);
}
