// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// HTTP/1.1 to etcd's JSON gateway with Beast: pooled connections, fail-over
// across endpoints, and answers that stream one JSON object a line.
#include "gateway.hpp"

#include <lockfile/etcd/error.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <optional>
#include <utility>

namespace lockfile {
namespace etcd {
namespace detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using json = nlohmann::json;

class exchange;

struct gateway::state {
    asio::any_io_executor executor;
    std::vector<endpoint> endpoints;
    duration timeout;
    std::size_t preferred = 0; // the endpoint that answered last
    std::vector<std::vector<std::unique_ptr<beast::tcp_stream>>> idle; // by endpoint
    // What each endpoint's host resolved to: resolving is a thread's
    // getaddrinfo(3), a millisecond on the path of every new connection.
    // Forgotten when a connection to it fails.
    std::vector<std::optional<tcp::resolver::results_type>> resolved; // by endpoint
    std::vector<std::weak_ptr<exchange>> active;                      // for cancel()
};

namespace {

// A pause between two rounds over every endpoint (a leader election takes
// a second or two), within the request timeout.
constexpr auto pause_between_rounds = std::chrono::milliseconds(50);
// An answer larger than this is not etcd's to a lock's request.
constexpr std::uint64_t answer_limit = 16 * 1024 * 1024;

// etcd's own words in an error answer: {"error":"...","message":"...","code":N}.
std::string etcd_message(const std::string& body)
{
    const json parsed = json::parse(body, nullptr, false);
    if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string())
        return parsed["message"].get<std::string>();
    return body.substr(0, 200);
}

} // namespace

// One request, from its first endpoint to its answer.
class exchange : public std::enable_shared_from_this<exchange> {
public:
    exchange(std::shared_ptr<gateway::state> state, const std::string& target, const json& body,
             std::function<void(const json&)> on_object, std::function<void(gateway_answer)> done)
        : state_(std::move(state)), on_object_(std::move(on_object)), done_(std::move(done)),
          deadline_(std::chrono::steady_clock::now() + state_->timeout),
          endpoint_(state_->preferred), resolver_(state_->executor), pause_(state_->executor)
    {
        request_ = {http::verb::post, target, 11};
        request_.set(http::field::content_type, "application/json");
        request_.keep_alive(true);
        request_.body() = body.dump();
    }

    void start()
    {
        auto& active = state_->active;
        active.erase(std::remove_if(active.begin(), active.end(),
                                    [](const auto& weak) { return weak.expired(); }),
                     active.end());
        active.push_back(weak_from_this());
        asio::post(state_->executor, [self = shared_from_this()] { self->try_endpoint(); });
    }

    void abort()
    {
        aborted_ = true;
        resolver_.cancel();
        pause_.cancel();
        if (stream_)
            stream_->close();
    }

private:
    const endpoint& current() const { return state_->endpoints[endpoint_]; }

    void try_endpoint()
    {
        if (aborted_)
            return finish(asio::error::operation_aborted, {});
        // A stream keeps its connection to its end: it opens its own, and
        // leaves the idle ones to requests (a lock's release is then sent at
        // once, not after a connect).
        auto& idle = state_->idle[endpoint_];
        if (!on_object_ && !idle.empty()) {
            stream_ = std::move(idle.back());
            idle.pop_back();
            reused_ = true;
            return send();
        }
        reused_ = false;
        if (const auto& known = state_->resolved[endpoint_])
            return connect(*known);
        resolver_.async_resolve(
            current().host, current().port,
            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type found) {
                self->on_resolved(ec, std::move(found));
            });
    }

    void on_resolved(beast::error_code ec, const tcp::resolver::results_type& found)
    {
        if (ec)
            return fail_over(ec);
        state_->resolved[endpoint_] = found;
        connect(found);
    }

    void connect(const tcp::resolver::results_type& found)
    {
        stream_ = std::make_unique<beast::tcp_stream>(state_->executor);
        stream_->expires_at(deadline_);
        stream_->async_connect(
            found, [self = shared_from_this()](beast::error_code e, const tcp::endpoint&) {
                if (e) {
                    self->state_->resolved[self->endpoint_].reset(); // it may have moved
                    return self->fail_over(e);
                }
                beast::error_code ignored; // requests and answers are small: no Nagle delay
                self->stream_->socket().set_option(tcp::no_delay(true), ignored);
                self->send();
            });
    }

    void send()
    {
        request_.set(http::field::host, current().host + ":" + current().port);
        request_.prepare_payload();
        stream_->expires_at(deadline_);
        http::async_write(*stream_, request_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec)
                                  return self->retry_or_fail_over(ec);
                              self->read_header();
                          });
    }

    void read_header()
    {
        parser_.emplace();
        if (on_object_)
            parser_->body_limit(boost::none); // a stream: consumed as it comes
        else
            parser_->body_limit(answer_limit);
        buffer_.clear();
        http::async_read_header(*stream_, buffer_, *parser_,
                                [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                    if (ec)
                                        return self->retry_or_fail_over(ec);
                                    self->on_header();
                                });
    }

    void on_header()
    {
        const auto status = parser_->get().result();
        if (status != http::status::ok)
            return read_error_body();
        if (!on_object_)
            return http::async_read(*stream_, buffer_, *parser_,
                                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                        if (ec)
                                            return self->fail_over(ec);
                                        self->on_answer();
                                    });
        stream_->expires_never(); // a watch may stay silent for as long as the lock is held
        state_->preferred = endpoint_;
        read_stream();
    }

    void on_answer()
    {
        const bool keep = parser_->get().keep_alive();
        const json body = json::parse(parser_->get().body(), nullptr, false);
        state_->preferred = endpoint_;
        if (keep)
            state_->idle[endpoint_].push_back(std::move(stream_));
        if (!body.is_object())
            return finish(error::bad_answer,
                          current().url + ": an answer that is not a JSON object");
        finish({}, "", body);
    }

    // A status other than 200: 503 (no leader yet, leader changed) fails
    // over; anything else is the request's answer.
    void read_error_body()
    {
        http::async_read(*stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             const auto& response = self->parser_->get();
                             const std::string said =
                                 "HTTP " + std::to_string(response.result_int()) + " " +
                                 (ec ? ec.message() : etcd_message(response.body()));
                             self->stream_.reset();
                             if (response.result() == http::status::service_unavailable)
                                 return self->fail_over(said);
                             const bool lease_gone =
                                 said.find("requested lease not found") != std::string::npos;
                             self->finish(lease_gone ? error::lease_lost : error::http_error,
                                          self->current().url + ": " + said);
                         });
    }

    void read_stream()
    {
        http::async_read_some(*stream_, buffer_, *parser_,
                              [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                  if (!self->deliver_lines())
                                      return;
                                  if (ec || self->parser_->is_done())
                                      return self->finish(
                                          ec ? ec : beast::error_code(asio::error::eof),
                                          self->current().url + ": the stream ended" +
                                              (ec ? ": " + ec.message() : std::string()));
                                  self->read_stream();
                              });
    }

    // Each complete line of the stream's body so far, then forgets it.
    // False (and finished) on a line that is not a JSON object.
    bool deliver_lines()
    {
        std::string& body = parser_->get().body();
        std::size_t begin = 0;
        for (auto end = body.find('\n'); end != std::string::npos; end = body.find('\n', begin)) {
            const json object =
                json::parse(body.begin() + static_cast<std::ptrdiff_t>(begin),
                            body.begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
            begin = end + 1;
            if (!object.is_object()) {
                finish(error::bad_answer, current().url + ": a streamed line that is not JSON");
                return false;
            }
            if (aborted_) {
                finish(asio::error::operation_aborted, {});
                return false;
            }
            on_object_(object);
        }
        body.erase(0, begin);
        return true;
    }

    // A kept-alive connection may have been closed by the server while idle:
    // a failure before any answer is tried once more on a new connection.
    void retry_or_fail_over(beast::error_code ec)
    {
        if (reused_ && !aborted_) {
            stream_.reset();
            reused_ = false;
            return try_endpoint(); // the next idle connection, or a new one
        }
        fail_over(ec);
    }

    void fail_over(beast::error_code ec)
    {
        if (aborted_)
            return finish(asio::error::operation_aborted, {});
        fail_over(ec == beast::error::timeout ? std::string("no answer in time") : ec.message());
    }

    void fail_over(const std::string& said)
    {
        failure_ = current().url + ": " + said;
        stream_.reset();
        endpoint_ = (endpoint_ + 1) % state_->endpoints.size();
        if (++tried_ < state_->endpoints.size())
            return try_endpoint();
        tried_ = 0;
        if (std::chrono::steady_clock::now() + pause_between_rounds >= deadline_)
            return finish(error::unreachable, failure_);
        pause_.expires_after(pause_between_rounds);
        pause_.async_wait([self = shared_from_this()](beast::error_code) { self->try_endpoint(); });
    }

    // Delivers the outcome once; an aborted exchange ends as aborted,
    // whatever its closed socket reported.
    void finish(boost::system::error_code ec, const std::string& failure, json body = {})
    {
        if (!done_)
            return;
        auto done = std::exchange(done_, nullptr);
        stream_.reset();
        if (aborted_)
            return done({asio::error::operation_aborted, {}, {}});
        done({ec, std::move(body), failure});
    }

    std::shared_ptr<gateway::state> state_;
    std::function<void(const json&)> on_object_;
    std::function<void(gateway_answer)> done_;
    std::chrono::steady_clock::time_point deadline_;
    std::size_t endpoint_;
    std::size_t tried_ = 0;
    bool reused_ = false;
    bool aborted_ = false;
    tcp::resolver resolver_;
    asio::steady_timer pause_;
    std::unique_ptr<beast::tcp_stream> stream_;
    http::request<http::string_body> request_;
    beast::flat_buffer buffer_;
    std::optional<http::response_parser<http::string_body>> parser_;
    std::string failure_;
};

gateway::gateway(asio::any_io_executor executor, std::vector<endpoint> endpoints,
                 duration request_timeout)
    : state_(std::make_shared<state>())
{
    state_->executor = std::move(executor);
    state_->idle.resize(endpoints.size());
    state_->resolved.resize(endpoints.size());
    state_->endpoints = std::move(endpoints);
    state_->timeout = request_timeout;
}

gateway::~gateway()
{
    cancel();
}

void gateway::post(const std::string& target, const json& body,
                   std::function<void(gateway_answer)> done)
{
    std::make_shared<exchange>(state_, target, body, nullptr, std::move(done))->start();
}

std::function<void()> gateway::stream(const std::string& target, const json& body,
                                      std::function<void(const json&)> on_object,
                                      std::function<void(gateway_answer)> done)
{
    const auto started =
        std::make_shared<exchange>(state_, target, body, std::move(on_object), std::move(done));
    started->start();
    return [weak = std::weak_ptr<exchange>(started)] {
        if (const auto active = weak.lock())
            active->abort();
    };
}

void gateway::cancel()
{
    for (const auto& weak : std::exchange(state_->active, {}))
        if (const auto active = weak.lock())
            active->abort();
    for (auto& pool : state_->idle)
        pool.clear();
}

} // namespace detail
} // namespace etcd
} // namespace lockfile
