// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Granting, renewing and revoking one lease, and telling when it is lost.
#include "lease.hpp"

#include <lockfile/etcd/error.hpp>

#include <algorithm>
#include <cstdio>

namespace lockfile {
namespace etcd {
namespace detail {

namespace {

using namespace std::chrono_literals;

// The TTL that an answer grants, or 0 if it grants none (a dead lease: the
// gateway omits fields equal to 0).
std::chrono::seconds granted_ttl(const nlohmann::json& object)
{
    if (!object.is_object() || !object.contains("TTL") || !object["TTL"].is_string())
        return 0s;
    try {
        return std::chrono::seconds(std::stoll(object["TTL"].get<std::string>()));
    } catch (const std::exception&) {
        return 0s;
    }
}

} // namespace

lease::clock::duration lease::safety_margin(std::chrono::seconds ttl)
{
    // Time for the holder to stop what the lock protects before another
    // host can take it: a tenth of the TTL, from 200 ms to 2 s.
    return std::clamp<clock::duration>(ttl / 10, 200ms, 2s);
}

lease::lease(std::shared_ptr<gateway> requests, boost::asio::any_io_executor executor)
    : requests_(std::move(requests)), renewal_(executor), expiry_(executor)
{
}

void lease::grant(std::chrono::seconds ttl, std::function<void(gateway_answer)> done,
                  std::function<void(boost::system::error_code, const std::string&)> lost)
{
    lost_ = std::move(lost);
    const auto sent = clock::now();
    requests_->post(
        "/v3/lease/grant", {{"TTL", ttl.count()}},
        [self = shared_from_this(), sent, done = std::move(done)](gateway_answer a) {
            const std::chrono::seconds granted = granted_ttl(a.body);
            if (!a.ec && (!a.body.contains("ID") || !a.body["ID"].is_string() || granted <= 0s)) {
                a.ec = error::bad_answer;
                a.failure = "lease/grant: an answer without an ID and a TTL";
            }
            if (!a.ec && !self->stopped_) {
                self->id_ = a.body["ID"].get<std::string>();
                self->ttl_ = granted;
                self->deadline_ = sent + granted - safety_margin(granted);
                self->keep_alive_later();
                self->watch_deadline();
            }
            done(std::move(a));
        });
}

std::string hex_lease_id(const std::string& decimal)
{
    if (decimal.empty() || decimal.size() > 19 ||
        decimal.find_first_not_of("0123456789") != std::string::npos)
        return {};
    const unsigned long long id = std::stoull(decimal);
    if (id == 0 || id > 0x7FFFFFFFFFFFFFFFULL)
        return {};
    char text[17] = {};
    std::snprintf(text, sizeof text, "%llx", id);
    return text;
}

// In the clock's resolution: TTL/3 in whole seconds would be 0 for a TTL
// under 3 s, and the keep-alives would go back to back.
lease::clock::duration lease::renewal_period() const
{
    return clock::duration(ttl_) / 3;
}

void lease::keep_alive_later()
{
    renewal_.expires_after(renewal_period());
    renewal_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (!ec && !self->stopped_ && !self->lost_reported_)
            self->keep_alive();
    });
}

void lease::keep_alive()
{
    const auto sent = clock::now();
    requests_->post("/v3/lease/keepalive", {{"ID", id_}},
                    [self = shared_from_this(), sent](const gateway_answer& a) {
                        self->on_keep_alive(sent, a);
                    });
}

void lease::on_keep_alive(clock::time_point sent, const gateway_answer& answer)
{
    if (stopped_ || lost_reported_)
        return;
    if (answer.ec == error::lease_lost)
        return report_lost(answer.ec, answer.failure);
    if (answer.ec) {
        // No endpoint answered: again soon, until the deadline says lost.
        renewal_.expires_after(std::min<clock::duration>(renewal_period(), 500ms));
        renewal_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (!ec && !self->stopped_ && !self->lost_reported_)
                self->keep_alive();
        });
        return;
    }
    const std::chrono::seconds granted =
        granted_ttl(answer.body.contains("result") ? answer.body["result"] : answer.body);
    if (granted <= 0s)
        return report_lost(error::lease_lost, "etcd says the lease " + id_ + " has expired");
    deadline_ = std::max(deadline_, sent + granted - safety_margin(granted));
    keep_alive_later();
    watch_deadline();
}

void lease::watch_deadline()
{
    expiry_.expires_at(deadline_);
    expiry_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (!ec && clock::now() >= self->deadline_)
            self->report_lost(error::lease_lost,
                              "no keep-alive of lease " + self->id_ +
                                  " was acknowledged for its TTL: it may have expired");
    });
}

void lease::report_lost(boost::system::error_code ec, const std::string& why)
{
    if (lost_reported_ || stopped_)
        return;
    lost_reported_ = true;
    deadline_ = clock::time_point::min();
    renewal_.cancel();
    expiry_.cancel();
    if (lost_)
        lost_(ec, why);
}

void lease::revoke(std::function<void(gateway_answer)> done)
{
    stopped_ = true;
    renewal_.cancel();
    expiry_.cancel();
    if (id_.empty())
        return done({});
    requests_->post("/v3/lease/revoke", {{"ID", id_}},
                    [self = shared_from_this(), done = std::move(done)](gateway_answer a) {
                        if (a.ec == error::lease_lost) // gone already: revoked all the same
                            a = {};
                        self->deadline_ = clock::time_point::min();
                        done(std::move(a));
                    });
}

} // namespace detail
} // namespace etcd
} // namespace lockfile
