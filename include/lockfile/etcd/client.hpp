// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_ETCD_CLIENT_HPP_INCLUDED
#define LOCKFILE_ETCD_CLIENT_HPP_INCLUDED

// lockfile::etcd::client: the way to one etcd cluster (its endpoints and
// kept-alive connections to them), shared by the locks taken through it.

#include <lockfile/etcd/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace lockfile {
namespace etcd {

namespace detail {
class gateway;
class acquisitions;
} // namespace detail

struct client_options {
    // The cluster's endpoints, "http://HOST:PORT" (the port defaults to
    // 2379); an item may be a comma-separated list, as etcdctl takes them.
    // Requests go to the one that answered last, failing over in order.
    std::vector<std::string> endpoints;
    // How long one request may take, fail-over across endpoints included.
    std::chrono::steady_clock::duration request_timeout = std::chrono::seconds(5);
};

// Thread-safety: a client and the locks taken through it are used from its
// executor, which must run one handler at a time (an io_context run by one
// thread, or a strand); cancel() from any thread.
class client {
public:
    // Errors: error::bad_endpoint when there is no endpoint or one is not
    // http://HOST:PORT; the exception's what() names it and says why.
    client(boost::asio::any_io_executor executor, client_options options);
    client(boost::asio::any_io_executor executor, client_options options,
           boost::system::error_code& ec, std::string& why);

    const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

    // Every acquisition started through this client and still waiting
    // completes with operation_aborted, holding nothing and leaving nothing
    // in any queue; held locks stay held.
    void cancel();

    // The library's own: the requests' machinery, the pending acquisitions.
    const std::shared_ptr<detail::gateway>& requests() const noexcept { return requests_; }
    const std::shared_ptr<detail::acquisitions>& started() const noexcept { return started_; }

private:
    boost::asio::any_io_executor executor_;
    std::shared_ptr<detail::gateway> requests_;
    std::shared_ptr<detail::acquisitions> started_;
};

} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_ETCD_CLIENT_HPP_INCLUDED
