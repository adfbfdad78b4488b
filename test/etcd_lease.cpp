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

#include "support/etcd_parts.hpp"

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
using clock_type = lockfile_test::etcd_clock;
using lockfile_test::kept_lease;
using lockfile_test::run_until;

namespace {

std::string range(const std::string& endpoint, const std::string& key)
{
    return lockfile_test::etcd_request(endpoint, "/v3/kv/range",
                                       R"({"key":")" + base64_encode(key) + R"("})");
}

// The renewals etcd's leader has seen, from its metrics.
long renewals_seen(const lockfile_test::etcd_cluster& etcd)
{
    const std::string metrics = lockfile_test::etcd_request(etcd.endpoints().front(), "/metrics");
    const std::string name = "\netcd_debugging_lease_renewed_total ";
    const auto at = metrics.find(name);
    BOOST_REQUIRE(at != std::string::npos);
    return std::stol(metrics.substr(at + name.size()));
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
    run_until(
        io, [] { return false; }, 2 * kept.granted_ttl);
    BOOST_TEST(!kept.lost.has_value());
    BOOST_TEST(kept.held->alive());
    BOOST_TEST(range(url, "held").find("\"kvs\"") != std::string::npos);
    BOOST_TEST((kept.held->deadline() > clock_type::now()));

    std::optional<gateway_answer> revoked;
    kept.held->revoke([&](gateway_answer a) { revoked = std::move(a); });
    run_until(
        io, [&] { return revoked.has_value(); }, 10s);
    BOOST_REQUIRE(revoked.has_value());
    BOOST_TEST(!revoked->ec, revoked->failure);
    BOOST_TEST(range(url, "held").find("\"kvs\"") == std::string::npos); // its keys went with it
    BOOST_TEST(!kept.lost.has_value());                                  // revoking is no loss
}

// Every TTL/3, not back to back: a TTL of 2 s is renewed about 3 times in
// 2 s (TTL/3 in whole seconds was 0, and the keep-alives went in a loop).
BOOST_AUTO_TEST_CASE(a_short_lease_is_renewed_every_third_of_its_ttl,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    asio::io_context io;
    kept_lease kept(io, etcd, 2s);
    BOOST_REQUIRE(kept.granted_ttl == 2s);
    const long before = renewals_seen(etcd);
    run_until(
        io, [] { return false; }, 2s);
    const long renewed = renewals_seen(etcd) - before;
    BOOST_TEST(renewed >= 2);
    BOOST_TEST(renewed <= 4);
    BOOST_TEST(!kept.lost.has_value());
}

BOOST_AUTO_TEST_CASE(a_lease_revoked_elsewhere_is_reported_lost, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    asio::io_context io;
    kept_lease kept(io, etcd, 3s);
    lockfile_test::etcd_request(etcd.endpoints().front(), "/v3/lease/revoke",
                                R"({"ID":")" + kept.held->id() + R"("})");
    run_until(
        io, [&] { return kept.lost.has_value(); }, 2 * kept.granted_ttl);
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
    run_until(
        io, [&] { return kept.lost.has_value(); }, 3 * kept.granted_ttl);
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
