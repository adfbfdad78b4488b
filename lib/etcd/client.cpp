// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A client: its endpoints checked, its gateway made.
#include <lockfile/etcd/client.hpp>

#include "acquisitions.hpp"
#include "endpoint.hpp"
#include "gateway.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/system/system_error.hpp>

namespace lockfile {
namespace etcd {

client::client(boost::asio::any_io_executor executor, client_options options)
{
    boost::system::error_code ec;
    std::string why;
    *this = client(std::move(executor), std::move(options), ec, why);
    if (ec)
        throw boost::system::system_error(ec, why);
}

client::client(boost::asio::any_io_executor executor, client_options options,
               boost::system::error_code& ec, std::string& why)
    : executor_(std::move(executor))
{
    std::vector<detail::endpoint> endpoints;
    for (const std::string& item : options.endpoints)
        for (const std::string& url : detail::split_endpoint_list(item)) {
            detail::endpoint parsed;
            std::string wrong;
            if (!detail::parse_endpoint(url, parsed, wrong)) {
                ec = error::bad_endpoint;
                why = "'" + url + "': " + wrong;
                return;
            }
            endpoints.push_back(std::move(parsed));
        }
    if (endpoints.empty()) {
        ec = error::bad_endpoint;
        why = "no etcd endpoint given";
        return;
    }
    requests_ = std::make_shared<detail::gateway>(executor_, std::move(endpoints),
                                                  options.request_timeout);
    started_ = std::make_shared<detail::acquisitions>();
    ec.clear();
    why.clear();
}

void client::cancel()
{
    if (started_)
        boost::asio::dispatch(executor_, [started = started_] { started->cancel_all(); });
}

} // namespace etcd
} // namespace lockfile
