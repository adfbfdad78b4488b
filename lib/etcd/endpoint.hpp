// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_ETCD_ENDPOINT_HPP_INCLUDED
#define LOCKFILE_LIB_ETCD_ENDPOINT_HPP_INCLUDED

// The endpoints of an etcd cluster, as users write them: "http://host:port"
// (etcdctl's --endpoints, lockfilectl's --etcd, LOCKFILE_ETCD_ENDPOINTS),
// comma-separated.

#include <string>
#include <string_view>
#include <vector>

namespace lockfile {
namespace etcd {
namespace detail {

struct endpoint {
    std::string url;  // as given: what messages name
    std::string host; // a name, an IPv4 address, or an IPv6 address without brackets
    std::string port; // 2379, etcd's client port, when none is given
};

// Parses one endpoint. Returns false with `why` set ("not http://HOST:PORT",
// "https is not supported"...) when it is not one this client can reach.
bool parse_endpoint(std::string_view url, endpoint& parsed, std::string& why);

// Splits a comma-separated list, dropping empty items ("a,,b", a trailing
// comma).
std::vector<std::string> split_endpoint_list(std::string_view list);

} // namespace detail
} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_LIB_ETCD_ENDPOINT_HPP_INCLUDED
