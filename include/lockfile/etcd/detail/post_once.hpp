// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_ETCD_DETAIL_POST_ONCE_HPP_INCLUDED
#define LOCKFILE_ETCD_DETAIL_POST_ONCE_HPP_INCLUDED

// How the etcd component's operations complete: a completion handler
// wrapped for the compiled side, and posted to the right executor.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/post.hpp>

#include <memory>
#include <optional>
#include <tuple>
#include <utility>

namespace lockfile {
namespace etcd {
namespace detail {

// A move-only handler called once through a copyable std::function, posted
// to its own executor, else to `fallback` (the client's): never inside the
// call that started the operation.
template <class Handler, class... Args>
auto post_once(Handler handler, const boost::asio::any_io_executor* fallback)
{
    auto shared = std::make_shared<Handler>(std::move(handler));
    return [shared, fallback = fallback ? std::optional<boost::asio::any_io_executor>(*fallback)
                                        : std::nullopt](Args... args) {
        const auto executor = fallback ? boost::asio::get_associated_executor(*shared, *fallback)
                                       : boost::asio::get_associated_executor(*shared);
        boost::asio::post(executor,
                          [shared, arguments = std::make_tuple(std::move(args)...)]() mutable {
                              std::apply(std::move(*shared), std::move(arguments));
                          });
    };
}
} // namespace detail
} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_ETCD_DETAIL_POST_ONCE_HPP_INCLUDED
