// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// async_query_lock's one request: the oldest key under NAME/ and the count.
#include <lockfile/etcd/query.hpp>

#include "base64.hpp"
#include "gateway.hpp"
#include "queue.hpp"

#include <boost/asio/post.hpp>

namespace lockfile {
namespace etcd {
namespace detail {

void start_query(const client& through, const std::string& name,
                 std::function<void(boost::system::error_code, name_status)> done)
{
    if (!valid_lock_name(name)) {
        name_status refused;
        refused.failure = "lock name '" + name + "': " + make_error_code(error::bad_name).message();
        return done(error::bad_name, std::move(refused)); // `done` posts
    }
    through.requests()->post(
        "/v3/kv/range", oldest_in(name + "/"), [done = std::move(done)](const gateway_answer& a) {
            name_status status;
            if (a.ec) {
                status.failure = a.failure;
                return done(a.ec, std::move(status));
            }
            const auto count = integer(a.body, "count");
            const nlohmann::json& kvs = kvs_of(a.body);
            const auto field = [&](const char* wanted) -> std::optional<std::string> {
                if (!kvs[0].is_object())
                    return std::nullopt;
                if (!kvs[0].contains(wanted))
                    return std::string(); // the gateway omits empty values
                return kvs[0][wanted].is_string() ? base64_decode(kvs[0][wanted].get<std::string>())
                                                : std::nullopt;
            };
            const std::optional<std::string> key = kvs.empty() ? "" : field("key");
            const std::optional<std::string> value = kvs.empty() ? "" : field("value");
            status.locked = !kvs.empty();
            status.fencing_token = kvs.empty() ? 0 : integer(kvs[0], "create_revision");
            if (count < 0 || status.fencing_token < 0 || (status.locked && count == 0) || !key ||
                !value) {
                status.failure = "kv/range: an answer that is not a key range";
                return done(error::bad_answer, std::move(status));
            }
            status.key = *key;
            status.holder = parse_holder(*value);
            status.queue_length = static_cast<std::size_t>(count);
            done({}, std::move(status));
        });
}

} // namespace detail
} // namespace etcd
} // namespace lockfile
