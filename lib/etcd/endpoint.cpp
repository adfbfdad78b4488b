// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Reading "http://host:port" endpoints.
#include "endpoint.hpp"

#include <algorithm>
#include <cctype>

namespace lockfile {
namespace etcd {
namespace detail {

namespace {

bool is_port(std::string_view text)
{
    if (text.empty() || text.size() > 5 ||
        !std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
        return false;
    const long port = std::stol(std::string(text));
    return port >= 1 && port <= 65535;
}

bool is_host_name(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
    });
}

bool is_ipv6_address(std::string_view text)
{
    return text.find(':') != std::string_view::npos &&
           std::all_of(text.begin(), text.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
           });
}

} // namespace

bool parse_endpoint(std::string_view url, endpoint& parsed, std::string& why)
{
    constexpr std::string_view scheme = "http://";
    if (url.substr(0, 8) == "https://") {
        why = "https is not supported (use the gateway's plain http:// port)";
        return false;
    }
    if (url.substr(0, scheme.size()) != scheme) {
        why = "not http://HOST:PORT";
        return false;
    }
    std::string_view rest = url.substr(scheme.size());
    if (!rest.empty() && rest.back() == '/')
        rest.remove_suffix(1);
    std::string_view host = rest, port = "2379";
    const bool bracketed = !rest.empty() && rest.front() == '[';
    if (bracketed) { // [IPv6]:port
        const auto close = rest.find(']');
        const std::string_view after =
            close == std::string_view::npos ? std::string_view() : rest.substr(close + 1);
        if (close == std::string_view::npos || (!after.empty() && after.front() != ':')) {
            why = "not http://[ADDRESS]:PORT";
            return false;
        }
        host = rest.substr(1, close - 1);
        if (!after.empty())
            port = after.substr(1);
    } else if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    if (!(bracketed ? is_ipv6_address(host) : is_host_name(host))) {
        why = "not http://HOST:PORT (a host name or address, no path, user or query)";
        return false;
    }
    if (!is_port(port)) {
        why = "the port is not a number from 1 to 65535";
        return false;
    }
    parsed = {std::string(url), std::string(host), std::string(port)};
    return true;
}

std::vector<std::string> split_endpoint_list(std::string_view list)
{
    std::vector<std::string> endpoints;
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view item = list.substr(0, comma);
        if (!item.empty())
            endpoints.emplace_back(item);
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return endpoints;
}

} // namespace detail
} // namespace etcd
} // namespace lockfile
