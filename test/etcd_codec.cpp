// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// What the etcd component reads and writes before any network: base64 as
// the gateway carries keys and values, and endpoints as users write them.
#define BOOST_TEST_MODULE etcd_codec
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "../lib/etcd/base64.hpp"
#include "../lib/etcd/endpoint.hpp"

#include <ostream>
#include <string>

using lockfile::etcd::detail::base64_encode;

namespace {

// The bytes decoded, or "(refused)": printable when a check fails.
std::string decoded(const std::string& text)
{
    return lockfile::etcd::detail::base64_decode(text).value_or("(refused)");
}

} // namespace

BOOST_AUTO_TEST_CASE(base64_of_rfc_4648, *boost::unit_test::timeout(5))
{
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""},         {"f", "Zg=="},        {"fo", "Zm8="},       {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [bytes, text] : vectors) {
        BOOST_TEST(base64_encode(bytes) == text);
        BOOST_TEST(decoded(text) == bytes);
    }
}

BOOST_AUTO_TEST_CASE(base64_round_trips_every_byte, *boost::unit_test::timeout(5))
{
    std::string all;
    for (int c = 0; c < 256; ++c)
        all += static_cast<char>(c);
    for (std::size_t length = 0; length <= all.size(); length += 7) {
        const std::string bytes = all.substr(all.size() - length);
        BOOST_TEST(decoded(base64_encode(bytes)) == bytes);
    }
}

// A malformed answer must be an error, never other bytes.
BOOST_AUTO_TEST_CASE(base64_refuses_what_is_not_canonical, *boost::unit_test::timeout(5))
{
    for (const char* text : {"Zg=", "Zg", "Z===", "Zh==", "Zm9=", "Zm9v=", "=Zm9", "Zm!v", "Zm9v\n",
                             "Zg==Zg==", "Zm 9"}) {
        BOOST_TEST(decoded(text) == "(refused)", text);
    }
}

namespace {

struct endpoint_case {
    const char* url;
    bool valid;
    const char* host;
    const char* port;
};

std::ostream& operator<<(std::ostream& out, const endpoint_case& c)
{
    return out << c.url;
}

const endpoint_case endpoint_cases[] = {
    {"http://127.0.0.1:2379", true, "127.0.0.1", "2379"},
    {"http://localhost:23790/", true, "localhost", "23790"},
    {"http://etcd-0.etcd.svc", true, "etcd-0.etcd.svc", "2379"},
    {"http://[::1]:2379", true, "::1", "2379"},
    {"http://[fe80::1]", true, "fe80::1", "2379"},
    {"https://127.0.0.1:2379", false, "", ""},
    {"127.0.0.1:2379", false, "", ""},
    {"http://", false, "", ""},
    {"http://:2379", false, "", ""},
    {"http://host:0", false, "", ""},
    {"http://host:65536", false, "", ""},
    {"http://host:12ab", false, "", ""},
    {"http://host:2379/v3", false, "", ""},
    {"http://user@host:2379", false, "", ""},
    {"http://[::1", false, "", ""},
    {"http://[::1]x", false, "", ""},
    {"http://[host]:2379", false, "", ""},
};

} // namespace

BOOST_TEST_DECORATOR(*boost::unit_test::timeout(5))
BOOST_DATA_TEST_CASE(endpoints_as_users_write_them, boost::unit_test::data::make(endpoint_cases), c)
{
    lockfile::etcd::detail::endpoint parsed;
    std::string why;
    BOOST_TEST(lockfile::etcd::detail::parse_endpoint(c.url, parsed, why) == c.valid);
    if (c.valid) {
        BOOST_TEST(parsed.url == c.url);
        BOOST_TEST(parsed.host == c.host);
        BOOST_TEST(parsed.port == c.port);
    } else {
        BOOST_TEST(!why.empty());
    }
}

BOOST_AUTO_TEST_CASE(endpoint_lists_split_on_commas, *boost::unit_test::timeout(5))
{
    using lockfile::etcd::detail::split_endpoint_list;
    BOOST_TEST((split_endpoint_list("http://a:1,http://b:2") ==
                std::vector<std::string>{"http://a:1", "http://b:2"}));
    BOOST_TEST((split_endpoint_list(",http://a:1,,") == std::vector<std::string>{"http://a:1"}));
    BOOST_TEST(split_endpoint_list("").empty());
}
