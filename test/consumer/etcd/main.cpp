// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A program built against the installed etcd component: it refuses an
// endpoint that is not http://HOST:PORT, naming it, and accepts one that is
// (no server is needed for either).
#include <lockfile/etcd/lock.hpp>

#include <boost/asio/io_context.hpp>

#include <iostream>
#include <string>

int main()
{
    boost::asio::io_context io;
    boost::system::error_code ec;
    std::string why;
    lockfile::etcd::client bad(io.get_executor(), {{"ftp://nowhere"}}, ec, why);
    if (ec != lockfile::etcd::error::bad_endpoint || why.find("ftp://nowhere") == std::string::npos) {
        std::cerr << "a bad endpoint was not refused: " << why << "\n";
        return 1;
    }
    lockfile::etcd::client good(io.get_executor(), {{"http://127.0.0.1:2379"}}, ec, why);
    if (ec) {
        std::cerr << "a good endpoint was refused: " << why << "\n";
        return 1;
    }
    std::cout << "etcd consumer ok\n";
    return 0;
}
