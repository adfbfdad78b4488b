// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_ETCD_GATEWAY_HPP_INCLUDED
#define LOCKFILE_LIB_ETCD_GATEWAY_HPP_INCLUDED

// Requests to etcd's JSON gateway: POST /v3/... with a JSON object, a JSON
// object back, over kept-alive connections (one idle pool per endpoint), on
// the caller's executor. A request that an endpoint cannot take (refused,
// reset, no answer, HTTP 503 while the members elect a leader) goes to the
// next endpoint, round after round, until the request timeout. Answers are
// delivered on the executor, never inside the call that asked.

#include "endpoint.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lockfile {
namespace etcd {
namespace detail {

// What one request came to.
struct gateway_answer {
    boost::system::error_code ec; // clear: `body` is the object answered
    nlohmann::json body;
    std::string failure; // with ec: "ENDPOINT: CAUSE", what the last endpoint tried said
};

class gateway {
public:
    using duration = std::chrono::steady_clock::duration;

    gateway(boost::asio::any_io_executor executor, std::vector<endpoint> endpoints,
            duration request_timeout);
    ~gateway();
    gateway(const gateway&) = delete;
    gateway& operator=(const gateway&) = delete;

    // POST `target` (such as "/v3/lease/grant") with `body`; `done` is
    // called once.
    void post(const std::string& target, const nlohmann::json& body,
              std::function<void(gateway_answer)> done);

    // A request whose answer is a stream of JSON objects, one a line (a
    // watch): `on_object` for each, then `done` once when the stream ends,
    // fails or is cancelled (operation_aborted). Only the connection's
    // setup fails over; a stream that breaks ends with its error. Returns
    // what cancels this stream alone.
    std::function<void()> stream(const std::string& target, const nlohmann::json& body,
                                 std::function<void(const nlohmann::json&)> on_object,
                                 std::function<void(gateway_answer)> done);

    // Ends every stream and pending request (operation_aborted) and closes
    // every connection.
    void cancel();

    struct state;

private:
    std::shared_ptr<state> state_;
};

} // namespace detail
} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_LIB_ETCD_GATEWAY_HPP_INCLUDED
