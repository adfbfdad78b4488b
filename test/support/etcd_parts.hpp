// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_TEST_ETCD_PARTS_HPP_INCLUDED
#define LOCKFILE_TEST_ETCD_PARTS_HPP_INCLUDED

// The etcd component's inner parts put together for its suites: a gateway
// and a lease kept alive on a test cluster, running an io_context until a
// condition holds, a name's queue as etcd has it and its leases, `etcdctl
// lock`.

#include "../../lib/etcd/base64.hpp"
#include "../../lib/etcd/lease.hpp"

#include "etcd_cluster.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace lockfile_test {

using etcd_clock = std::chrono::steady_clock;

inline std::vector<lockfile::etcd::detail::endpoint>
parsed_endpoints(const std::vector<std::string>& urls)
{
    std::vector<lockfile::etcd::detail::endpoint> endpoints;
    for (const auto& url : urls) {
        lockfile::etcd::detail::endpoint e;
        std::string why;
        BOOST_REQUIRE_MESSAGE(lockfile::etcd::detail::parse_endpoint(url, e, why), why);
        endpoints.push_back(e);
    }
    return endpoints;
}

struct lost_report {
    boost::system::error_code ec;
    std::string why;
    etcd_clock::time_point when;
};

// A lease granted on the cluster, kept alive by `io`.
struct kept_lease {
    kept_lease(boost::asio::io_context& io, const etcd_cluster& etcd, std::chrono::seconds ttl)
    {
        requests = std::make_shared<lockfile::etcd::detail::gateway>(
            io.get_executor(), parsed_endpoints(etcd.endpoints()), std::chrono::seconds(2));
        held = std::make_shared<lockfile::etcd::detail::lease>(requests, io.get_executor());
        std::optional<lockfile::etcd::detail::gateway_answer> granted;
        sent = etcd_clock::now();
        held->grant(
            ttl, [&](lockfile::etcd::detail::gateway_answer a) { granted = std::move(a); },
            [this](boost::system::error_code ec, const std::string& why) {
                lost = lost_report{ec, why, etcd_clock::now()};
            });
        while (!granted && io.run_one()) {}
        BOOST_REQUIRE(granted.has_value());
        BOOST_REQUIRE_MESSAGE(!granted->ec, granted->failure);
        granted_ttl = std::chrono::seconds(std::stoll(granted->body["TTL"].get<std::string>()));
    }

    std::shared_ptr<lockfile::etcd::detail::gateway> requests;
    std::shared_ptr<lockfile::etcd::detail::lease> held;
    etcd_clock::time_point sent;
    std::chrono::seconds granted_ttl{0};
    std::optional<lost_report> lost;
};

// Runs io until `done` or `limit` passes.
template <class Done>
void run_until(boost::asio::io_context& io, Done done, etcd_clock::duration limit)
{
    boost::asio::steady_timer limit_timer(io, limit);
    // Shared: the cancelled wait's handler runs later, in a later run.
    const auto out_of_time = std::make_shared<bool>(false);
    limit_timer.async_wait([out_of_time](boost::system::error_code ec) { *out_of_time = !ec; });
    while (!done() && !*out_of_time && io.run_one()) {}
    limit_timer.cancel();
    io.restart();
}

// The keys under NAME/ (NAME's queue), oldest first, as etcd has them: each
// an object with base64 "key" and "value" and decimal "create_revision".
inline std::vector<nlohmann::json> etcd_queue(const etcd_cluster& etcd, const std::string& name)
{
    using lockfile::etcd::detail::base64_encode;
    const nlohmann::json answer = nlohmann::json::parse(
        etcd_request(etcd.live_endpoint(), "/v3/kv/range",
                     nlohmann::json{{"key", base64_encode(name + "/")},
                                    {"range_end", base64_encode(name + "0")}, // '0' follows '/'
                                    {"sort_order", "ASCEND"},
                                    {"sort_target", "CREATE"}}
                         .dump()));
    return answer.value("kvs", nlohmann::json::array()).get<std::vector<nlohmann::json>>();
}

// The key of an entry of etcd_queue(), decoded: "NAME/<lease id in hex>".
inline std::string key_of(const nlohmann::json& entry)
{
    return *lockfile::etcd::detail::base64_decode(entry["key"].get<std::string>());
}

// The lease id (decimal, as etcd's JSON takes it) of the lock key
// NAME/<lease id in hex>.
inline std::string lease_id_of(const std::string& key)
{
    return std::to_string(std::stoull(key.substr(key.rfind('/') + 1), nullptr, 16));
}

// Revokes the lease of the lock key, as an operator would, or a partition's
// expiry would end it.
inline void revoke_lease_of(const etcd_cluster& etcd, const std::string& key)
{
    etcd_request(etcd.live_endpoint(), "/v3/lease/revoke",
                 nlohmann::json{{"ID", lease_id_of(key)}}.dump());
}

// Waits until `condition` holds, or `limit` passes, looking every 10 ms:
// for states that no process announces (a queue's length in etcd, a
// process gone).
template <class Condition>
bool eventually(Condition condition, etcd_clock::duration limit = std::chrono::seconds(10))
{
    const auto deadline = etcd_clock::now() + limit;
    while (!condition()) {
        if (etcd_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

// `etcdctl lock NAME` running a shell command with this test's pipes.
inline child_process etcdctl_lock(const etcd_cluster& etcd, const std::string& name,
                                  const std::string& command)
{
    return child_process(
        {"etcdctl", "--endpoints=" + etcd.endpoint_list(), "lock", name, "--", "sh", "-c", command},
        {"ETCDCTL_API=3"});
}

} // namespace lockfile_test

#endif // LOCKFILE_TEST_ETCD_PARTS_HPP_INCLUDED
