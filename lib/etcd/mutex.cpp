// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The lock recipe's requests: the join transaction, the predecessor's range
// and watch, the key's deletion.
#include "mutex.hpp"

#include "base64.hpp"
#include "lease.hpp"
#include "queue.hpp"

#include <lockfile/error.hpp>
#include <lockfile/etcd/error.hpp>

#include <boost/asio/error.hpp>

namespace lockfile {
namespace etcd {
namespace detail {

using json = nlohmann::json;

mutex::mutex(std::shared_ptr<gateway> requests, const std::string& name,
             const std::string& lease_id, std::string content)
    : requests_(std::move(requests)), prefix_(name + "/"), lease_id_(lease_id),
      content_(std::move(content))
{
    key_ = prefix_ + hex_lease_id(lease_id);
}

void mutex::lock(bool try_once, callback done)
{
    try_once_ = try_once;
    done_ = std::move(done);
    const std::string key = base64_encode(key_);
    const json txn = {
        {"compare", json::array({{{"result", "EQUAL"},
                                  {"target", "CREATE"},
                                  {"key", key},
                                  {"create_revision", "0"}}})},
        {"success",
         json::array({{{"request_put",
                        {{"key", key}, {"value", base64_encode(content_)}, {"lease", lease_id_}}}},
                      {{"request_range", oldest_in(prefix_)}}})},
        {"failure", json::array({{{"request_range", {{"key", key}}}},
                                 {{"request_range", oldest_in(prefix_)}}})}};
    requests_->post("/v3/kv/txn", txn,
                    [self = shared_from_this()](const gateway_answer& a) { self->on_joined(a); });
}

void mutex::on_joined(const gateway_answer& answer)
{
    if (answer.ec)
        return finish(answer.ec, answer.failure);
    const json& body = answer.body;
    const bool joined = body.contains("succeeded") && body["succeeded"] == true;
    if (!body.contains("responses") || !body["responses"].is_array() ||
        body["responses"].size() != 2)
        return finish(error::bad_answer, "kv/txn: an answer without its two responses");
    const json& mine = body["responses"][0].value("response_range", json::object());
    const json& oldest = body["responses"][1].value("response_range", json::object());
    revision_ = joined ? integer(body.value("header", json::object()), "revision")
                       : (kvs_of(mine).empty() ? -1 : integer(kvs_of(mine)[0], "create_revision"));
    if (revision_ <= 0)
        return finish(error::bad_answer, "kv/txn: no revision for the key " + key_);
    const json& owners = kvs_of(oldest);
    if (owners.empty() || integer(owners[0], "create_revision") == revision_)
        return finish({}, {});
    if (try_once_)
        return unlock(
            [self = shared_from_this()](boost::system::error_code ec, const std::string& failure) {
                self->finish(ec ? ec : lockfile::error::already_locked, failure);
            });
    find_predecessor();
}

// The newest key older than ours: the one whose deletion we wait for. With
// none left, the lock is ours. One transaction, which also checks that our
// key still is (Go's Mutex checks the same apart: a key whose lease expired
// while it waited is gone, and with it the right to the lock).
void mutex::find_predecessor()
{
    const json range = {{"key", base64_encode(prefix_)},
                        {"range_end", base64_encode(prefix_end(prefix_))},
                        {"sort_order", "DESCEND"},
                        {"sort_target", "CREATE"},
                        {"limit", "1"},
                        {"max_create_revision", std::to_string(revision_ - 1)}};
    const json txn = {{"compare", json::array({{{"result", "EQUAL"},
                                                {"target", "CREATE"},
                                                {"key", base64_encode(key_)},
                                                {"create_revision", std::to_string(revision_)}}})},
                      {"success", json::array({{{"request_range", range}}})}};
    requests_->post("/v3/kv/txn", txn, [self = shared_from_this()](const gateway_answer& a) {
        if (!self->done_)
            return; // cancelled meanwhile
        if (a.ec)
            return self->finish(a.ec, a.failure);
        if (!(a.body.contains("succeeded") && a.body["succeeded"] == true))
            return self->finish_gone();
        const json& responses = a.body.value("responses", json::array());
        const json& found = responses.is_array() && responses.size() == 1
                                ? responses[0].value("response_range", json::object())
                                : json::object();
        const json& before = kvs_of(found);
        if (before.empty())
            return self->finish({}, {});
        const auto predecessor =
            before[0].is_object() && before[0].contains("key") && before[0]["key"].is_string()
                ? base64_decode(before[0]["key"].get<std::string>())
                : std::nullopt;
        if (!predecessor)
            return self->finish(error::bad_answer, "kv/txn: a key that is not base64");
        const bool last = !(found.contains("more") && found["more"] == true);
        const std::int64_t now = integer(a.body.value("header", json::object()), "revision");
        last ? self->await_turn(*predecessor, now) : self->await_deletion(*predecessor, now);
    });
}

void mutex::await_deletion(const std::string& predecessor, std::int64_t read_at)
{
    const auto self = shared_from_this();
    watch_deletions(
        predecessor, false, read_at, [](const std::string&) { return true; },
        [self](const std::string&) { self->find_predecessor(); },
        [self] {
            if (self->done_)
                self->find_predecessor(); // the stream broke: look again, anywhere
        });
}

// The predecessor is the only older key, and no older key can appear
// later: its deletion makes us the oldest. Watched with the whole queue, so
// that our own key's deletion (its lease expired, someone deleted it) is
// seen in the same ordered stream: the hand-off then needs no request.
void mutex::await_turn(const std::string& predecessor, std::int64_t read_at)
{
    const auto self = shared_from_this();
    watch_deletions(
        prefix_, true, read_at,
        [self, predecessor](const std::string& key) {
            return key == self->key_ || key == predecessor;
        },
        [self](const std::string& key) {
            key == self->key_ ? self->finish_gone() : self->finish({}, {});
        },
        [self] {
            if (self->done_)
                self->find_predecessor();
        });
}

void mutex::watch_own_key(std::function<void()> deleted)
{
    watching_own_key_ = true;
    const auto self = shared_from_this();
    const auto any = [](const std::string&) { return true; };
    const auto gone = [deleted](const std::string&) { deleted(); };
    watch_deletions(key_, false, revision_, any, gone, [self, deleted, any, gone] {
        // The stream broke: the key may have gone meanwhile.
        self->requests_->post("/v3/kv/range", {{"key", base64_encode(self->key_)}},
                              [self, deleted, any, gone](const gateway_answer& a) {
                                  if (!self->watching_own_key_)
                                      return; // unlocked meanwhile
                                  if (!a.ec && kvs_of(a.body).empty())
                                      return deleted();
                                  const std::int64_t now =
                                      integer(a.body.value("header", json::object()), "revision");
                                  self->watch_deletions(
                                      self->key_, false, now > 0 ? now : self->revision_, any, gone,
                                      [self, deleted] { self->watch_own_key(deleted); });
                              });
    });
}

void mutex::watch_deletions(const std::string& key, bool whole_prefix, std::int64_t after_revision,
                            std::function<bool(const std::string&)> awaited,
                            std::function<void(const std::string&)> deleted,
                            std::function<void()> again)
{
    // From the next revision: what was read at `after_revision` is known.
    // A watch that starts past etcd's current revision is in sync at once;
    // one that starts at or before it is caught up by etcd's sync loop,
    // every 100 ms, which would delay a hand-off by as much.
    json create = {{"key", base64_encode(key)},
                   {"start_revision", std::to_string(after_revision + 1)}};
    if (whole_prefix)
        create["range_end"] = base64_encode(prefix_end(key));
    auto stopped = std::make_shared<bool>(false);
    stop_watch_ = requests_->stream(
        "/v3/watch", {{"create_request", create}},
        [self = shared_from_this(), stopped, awaited, deleted, again](const json& object) {
            if (*stopped)
                return;
            const json& result = object.value("result", json::object());
            for (const json& event : result.value("events", json::array())) {
                const json& kv = event.value("kv", json::object());
                const auto deleted_key = event.value("type", "PUT") == "DELETE" &&
                                                 kv.contains("key") && kv["key"].is_string()
                                             ? base64_decode(kv["key"].get<std::string>())
                                             : std::nullopt;
                if (deleted_key && awaited(*deleted_key)) {
                    // Stopped first: what `deleted` does may start another
                    // watch. Copied first: ending the stream may destroy
                    // this function object.
                    *stopped = true;
                    const auto then = deleted;
                    self->end_stream();
                    return then(*deleted_key);
                }
            }
            if (result.value("canceled", false)) { // compacted: look again
                *stopped = true;
                const auto then = again;
                self->end_stream();
                then();
            }
        },
        // A copy of `again` too: the order in which the two are made is
        // unspecified, so neither may move from it.
        [stopped, again](const gateway_answer& a) {
            if (!*stopped && a.ec != boost::asio::error::operation_aborted)
                again();
        });
}

void mutex::stop_watching()
{
    watching_own_key_ = false;
    end_stream();
}

void mutex::end_stream()
{
    if (stop_watch_)
        std::exchange(stop_watch_, nullptr)();
}

void mutex::unlock(callback done)
{
    stop_watching();
    requests_->post("/v3/kv/deleterange", {{"key", base64_encode(key_)}},
                    [done = std::move(done)](const gateway_answer& a) { done(a.ec, a.failure); });
}

void mutex::cancel()
{
    if (!done_)
        return;
    unlock([](boost::system::error_code, const std::string&) {});
    finish(boost::asio::error::operation_aborted, {});
}

void mutex::finish_gone()
{
    finish(error::lease_lost,
           "the key " + key_ + " went while it waited: its lease expired, or it was deleted");
}

void mutex::finish(boost::system::error_code ec, const std::string& failure)
{
    if (!done_)
        return;
    auto done = std::exchange(done_, nullptr);
    done(ec, failure);
}

} // namespace detail
} // namespace etcd
} // namespace lockfile
