// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_ETCD_LEASE_HPP_INCLUDED
#define LOCKFILE_LIB_ETCD_LEASE_HPP_INCLUDED

// One etcd lease, kept alive: granted with a TTL, renewed every TTL/3, and
// known lost at the latest when it may have expired on the server. Its
// local deadline is the send time of the last keep-alive that etcd
// acknowledged plus the TTL it answered, minus a safety margin: the server
// counts the TTL from when it received that keep-alive, later than it was
// sent, and a leader change only lengthens a lease. Only the local
// monotonic clock is used. On the gateway's executor; not thread-safe.

#include "gateway.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace lockfile {
namespace etcd {
namespace detail {

// A lease id as etcd writes it in JSON (decimal) in lowercase hexadecimal
// without padding, as the lock recipe's keys end ("NAME/694d72fac38f9d0a");
// empty if `decimal` is not a lease id.
std::string hex_lease_id(const std::string& decimal);

class lease : public std::enable_shared_from_this<lease> {
public:
    using clock = std::chrono::steady_clock;

    // The part of the TTL kept back from the local deadline.
    static clock::duration safety_margin(std::chrono::seconds ttl);

    lease(std::shared_ptr<gateway> requests, boost::asio::any_io_executor executor);

    // Grants a lease of `ttl` and starts keeping it alive; `done` gets the
    // outcome (the failure's text with it). `lost` is called once if the
    // lease is lost afterwards: what killed it, and how it is known.
    void grant(std::chrono::seconds ttl, std::function<void(gateway_answer)> done,
               std::function<void(boost::system::error_code, const std::string&)> lost);

    // The lease's id, as etcd writes it (a decimal string); empty before.
    const std::string& id() const { return id_; }
    // When the lease may have expired on the server, as far as this
    // process can tell; clock::time_point::min() once lost.
    clock::time_point deadline() const { return deadline_; }
    bool alive() const { return !lost_reported_ && clock::now() < deadline_; }

    // Stops keeping it alive and revokes it (deleting its keys); `done`
    // gets the outcome. The lost callback is not called for this.
    void revoke(std::function<void(gateway_answer)> done);

private:
    clock::duration renewal_period() const;
    void keep_alive_later();
    void keep_alive();
    void on_keep_alive(clock::time_point sent, const gateway_answer& answer);
    void watch_deadline();
    void report_lost(boost::system::error_code ec, const std::string& why);

    std::shared_ptr<gateway> requests_;
    boost::asio::steady_timer renewal_;
    boost::asio::steady_timer expiry_;
    std::string id_;
    std::chrono::seconds ttl_{0};
    clock::time_point deadline_ = clock::time_point::min();
    std::function<void(boost::system::error_code, const std::string&)> lost_;
    bool lost_reported_ = false;
    bool stopped_ = false;
};

} // namespace detail
} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_LIB_ETCD_LEASE_HPP_INCLUDED
