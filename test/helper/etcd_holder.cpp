// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A process that holds an etcd lock through the library's API, for the
// cross-host suites: a holder to pause, kill or cut off, that says what it
// knows and writes to a resource guarded by fencing tokens.
//
// usage: etcd_holder ENDPOINTS NAME TTL_SECONDS [-- COMMAND [ARGS...]]
//
// With a COMMAND, it runs it once it holds NAME (with LOCKFILE_FENCING_TOKEN
// and LOCKFILE_LOCK_KEY in its environment, as lockfilectl sets them), then
// releases NAME and exits with the command's status (a section of the
// stress tests).
// Prints "locked TOKEN KEY" once it holds NAME, and "lost CAUSE" as soon as
// it learns that it lost it. Reads commands, one a line:
//   owns            prints "owns 1" or "owns 0" (lock::owns_lock())
//   write KEY       a guarded write of its token to KEY in one etcd
//                   transaction that refuses a token smaller than the one
//                   KEY holds: prints "written" or "refused"
// The end of standard input releases the lock; it then exits 0.

#include <lockfile/etcd/lock.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>

#include <nlohmann/json.hpp>

#include "../../lib/etcd/base64.hpp"
#include "../support/etcd_cluster.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <istream>
#include <string>
#include <vector>

extern char** environ;

namespace asio = boost::asio;

namespace {

// Tokens as fixed-width decimals: etcd compares values as bytes.
std::string padded(std::int64_t token)
{
    char text[24];
    std::snprintf(text, sizeof text, "%020lld", static_cast<long long>(token));
    return text;
}

// The resource's rule in one transaction: if KEY holds a greater token, do
// nothing (refused); else store ours. A missing KEY compares false, so the
// first write stores. Sent to the first of `endpoints` that answers (a
// member may have been killed).
bool guarded_write(const std::string& endpoints, const std::string& key, std::int64_t token)
{
    using lockfile::etcd::detail::base64_encode;
    const nlohmann::json txn = {
        {"compare", nlohmann::json::array({{{"target", "VALUE"},
                                            {"key", base64_encode(key)},
                                            {"result", "GREATER"},
                                            {"value", base64_encode(padded(token))}}})},
        {"failure", nlohmann::json::array({{{"request_put",
                                             {{"key", base64_encode(key)},
                                              {"value", base64_encode(padded(token))}}}}})}};
    std::string answer;
    for (std::size_t at = 0; answer.empty(); at = endpoints.find(',', at) + 1) {
        const std::string endpoint = endpoints.substr(at, endpoints.find(',', at) - at);
        try {
            answer = lockfile_test::etcd_request(endpoint, "/v3/kv/txn", txn.dump());
        } catch (const std::runtime_error&) {
            if (endpoints.find(',', at) == std::string::npos)
                throw; // none answered
        }
    }
    // succeeded: a greater token was there
    return !nlohmann::json::parse(answer).value("succeeded", false);
}

// Runs argv to its end: its exit status, or 128+N for signal N.
int run_to_end(std::vector<std::string> args)
{
    std::vector<char*> argv;
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t child = -1;
    if (::posix_spawnp(&child, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
        return 127;
    int status = 0;
    while (::waitpid(child, &status, 0) < 0) {}
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

class holder {
public:
    holder(asio::io_context& io, std::string endpoints, std::vector<std::string> command)
        : io_(io), endpoints_(std::move(endpoints)), etcd_(io.get_executor(), {{endpoints_}}),
          input_(io, ::dup(STDIN_FILENO)), command_(std::move(command))
    {
    }

    int exit_status() const { return exit_status_; }

    void start(const std::string& name, std::chrono::seconds ttl)
    {
        lockfile::etcd::acquire_options options;
        options.ttl = ttl;
        lockfile::etcd::async_acquire(etcd_, name, options,
                                      [this](boost::system::error_code ec, lockfile::etcd::lock l) {
                                          on_acquired(ec, std::move(l));
                                      });
    }

private:
    void on_acquired(boost::system::error_code ec, lockfile::etcd::lock l)
    {
        if (ec) {
            std::cout << "failed " << ec.message() << " " << l.failure() << std::endl;
            exit_status_ = 1;
            return io_.stop();
        }
        lock_ = std::move(l);
        std::cout << "locked " << lock_.fencing_token() << " " << lock_.key() << std::endl;
        if (!command_.empty()) {
            // As lockfilectl gives them to its command.
            ::setenv("LOCKFILE_FENCING_TOKEN", std::to_string(lock_.fencing_token()).c_str(), 1);
            ::setenv("LOCKFILE_LOCK_KEY", lock_.key().c_str(), 1);
            exit_status_ = run_to_end(command_); // keep-alives wait: it is short
            return release();
        }
        lock_.async_wait_lost([this](boost::system::error_code why) {
            if (why != asio::error::operation_aborted)
                std::cout << "lost " << lock_.failure() << std::endl;
        });
        read_command();
    }

    void read_command()
    {
        asio::async_read_until(input_, buffer_, '\n',
                               [this](boost::system::error_code ec, std::size_t) {
                                   if (ec)
                                       return release();
                                   std::istream in(&buffer_);
                                   std::string verb, argument;
                                   in >> verb >> argument;
                                   in.ignore(1);
                                   run(verb, argument);
                                   read_command();
                               });
    }

    void run(const std::string& verb, const std::string& argument)
    {
        if (verb == "owns")
            std::cout << "owns " << lock_.owns_lock() << std::endl;
        else if (verb == "write")
            std::cout << (guarded_write(endpoints_, argument, lock_.fencing_token()) ? "written"
                                                                                     : "refused")
                      << std::endl;
        else
            std::cout << "unknown command " << verb << std::endl;
    }

    void release()
    {
        lock_.async_release([this](boost::system::error_code) { io_.stop(); });
    }

    asio::io_context& io_;
    std::string endpoints_;
    lockfile::etcd::client etcd_;
    lockfile::etcd::lock lock_;
    asio::posix::stream_descriptor input_;
    asio::streambuf buffer_;
    std::vector<std::string> command_;
    int exit_status_ = 0;
};

} // namespace

int main(int argc, char** argv)
{
    const bool command = argc > 5 && std::string(argv[4]) == "--";
    if (argc != 4 && !command) {
        std::cerr << "usage: etcd_holder ENDPOINTS NAME TTL_SECONDS [-- COMMAND [ARGS...]]\n";
        return 2;
    }
    asio::io_context io;
    holder h(io, argv[1],
             command ? std::vector<std::string>(argv + 5, argv + argc)
                     : std::vector<std::string>());
    h.start(argv[2], std::chrono::seconds(std::stoi(argv[3])));
    io.run();
    return h.exit_status();
}
