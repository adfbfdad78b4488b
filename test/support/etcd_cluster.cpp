// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Starting, probing and stopping real etcd members for the tests.
#include "etcd_cluster.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/filesystem/operations.hpp>

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace lockfile_test {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

// A loopback address of this cluster's own (all of 127/8 is loopback on
// Linux). A port found free is released before etcd binds it, and in that
// moment any outgoing connection may take it as its source port (etcd's own
// members connecting to each other, or tests running beside this one):
// outgoing connections leave from 127.0.0.1, so on an address of its own the
// port stays free. The address is made of the pid (at most 22 bits) and a
// count of the clusters this process started, modulo 3, which keeps it below
// 127.255.255.255, the one address of 127/8 that cannot be bound.
std::string own_loopback_address()
{
    static unsigned clusters_started = 0;
    const auto host = (static_cast<unsigned>(::getpid()) & 0x3fffffu) << 2 | clusters_started++ % 3;
    return "127." + std::to_string(host >> 16 & 0xff) + "." + std::to_string(host >> 8 & 0xff) +
           "." + std::to_string(host & 0xff);
}

// `count` ports that nothing listens on now at `address`: the kernel's picks
// for ephemeral binds, each held until the last is picked (a port released
// at once may be picked again: a member's client and peer ports were once
// the same), then released together (etcd binds them a moment later).
std::vector<unsigned short> free_ports(const std::string& address, std::size_t count)
{
    asio::io_context io;
    std::vector<asio::ip::tcp::acceptor> held;
    held.reserve(count);
    std::vector<unsigned short> ports;
    for (std::size_t i = 0; i < count; ++i) {
        held.emplace_back(io, asio::ip::tcp::endpoint(asio::ip::make_address(address), 0));
        ports.push_back(held.back().local_endpoint().port());
    }
    return ports;
}

// Polls a member's /health: a server's readiness has no handshake of its
// own. Every 20 ms, for at most 15 s.
void wait_until_healthy(const std::string& endpoint, const boost::filesystem::path& log)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            if (etcd_request(endpoint, "/health").find("\"health\":\"true\"") != std::string::npos)
                return;
        } catch (const std::runtime_error&) {
            // not listening yet
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("etcd at " + endpoint + " not healthy within 15 s; its log:\n" +
                             read_file(log));
}

// A directory in /dev/shm for the members' data and logs, named by this
// process's pid. A test case cut short by its timeout skips destructors:
// its members die with the process (setpriv), and its directory is removed
// here, by the next cluster of any test, once its process is gone.
boost::filesystem::path fresh_data_directory()
{
    namespace fs = boost::filesystem;
    const fs::path shm = "/dev/shm";
    const std::string prefix = "lockfile-etcd-";
    for (const fs::directory_entry& entry : fs::directory_iterator(shm)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0)
            continue;
        const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            boost::system::error_code ignored;
            fs::remove_all(entry.path(), ignored);
        }
    }
    const fs::path dir =
        shm / fs::unique_path(prefix + std::to_string(::getpid()) + "-%%%%-%%%%-%%%%");
    fs::create_directory(dir);
    return dir;
}

} // namespace

std::string etcd_request(const std::string& endpoint, const std::string& target,
                         const std::string& body)
{
    const auto host_port = endpoint.substr(endpoint.find("//") + 2);
    const auto colon = host_port.rfind(':');
    asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(5));
    boost::beast::error_code ec;
    stream.connect(asio::ip::tcp::endpoint(
                       asio::ip::make_address(host_port.substr(0, colon)),
                       static_cast<unsigned short>(std::stoi(host_port.substr(colon + 1)))),
                   ec);
    if (ec)
        throw std::runtime_error(endpoint + ": " + ec.message());
    http::request<http::string_body> request(body.empty() ? http::verb::get : http::verb::post,
                                             target, 11);
    request.set(http::field::host, host_port);
    request.set(http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request, ec);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    if (!ec)
        http::read(stream, buffer, response, ec);
    if (ec)
        throw std::runtime_error(endpoint + target + ": " + ec.message());
    return response.body();
}

etcd_cluster::etcd_cluster(std::size_t members, const std::string& also_on)
    : dir_(fresh_data_directory())
{
    const auto address = own_loopback_address();
    const auto url = [&](unsigned short port) {
        return "http://" + address + ":" + std::to_string(port);
    };
    std::vector<std::string> peer_urls;
    std::string initial_cluster;
    const auto ports = free_ports(address, 2 * members);
    for (std::size_t i = 0; i < members; ++i) {
        endpoints_.push_back(url(ports[2 * i]));
        peer_urls.push_back(url(ports[2 * i + 1]));
        initial_cluster += (i ? "," : "") + ("m" + std::to_string(i)) + "=" + peer_urls[i];
    }
    for (std::size_t i = 0; i < members; ++i) {
        const std::string port = endpoints_[i].substr(endpoints_[i].rfind(':'));
        const std::string listen =
            endpoints_[i] + (also_on.empty() ? "" : ",http://" + also_on + port);
        const auto data = dir_ / ("m" + std::to_string(i));
        const std::string log = (dir_ / ("m" + std::to_string(i) + ".log")).string();
        members_.push_back(std::make_unique<child_process>(std::vector<std::string>{
            "sh", "-c", R"(exec "$@" 2>"$0")", log,
            // setpriv: killed with the test even when a timeout cuts it short.
            "setpriv", "--pdeathsig", "KILL", "--", "etcd", "--name", "m" + std::to_string(i),
            "--data-dir", data.string(), "--listen-client-urls", listen, "--advertise-client-urls",
            endpoints_[i], "--listen-peer-urls", peer_urls[i], "--initial-advertise-peer-urls",
            peer_urls[i], "--initial-cluster", initial_cluster, "--initial-cluster-state", "new"}));
    }
    for (std::size_t i = 0; i < members; ++i)
        wait_until_healthy(endpoints_[i], dir_ / ("m" + std::to_string(i) + ".log"));
}

etcd_cluster::~etcd_cluster()
{
    for (auto& member : members_)
        member->terminate(); // SIGKILL, and reaped
    boost::system::error_code ignored;
    boost::filesystem::remove_all(dir_, ignored);
}

std::string etcd_cluster::endpoint_on(const std::string& address, std::size_t member) const
{
    const std::string& endpoint = endpoints_.at(member);
    return "http://" + address + endpoint.substr(endpoint.rfind(':'));
}

std::string etcd_cluster::endpoint_list() const
{
    std::string list;
    for (const auto& endpoint : endpoints_)
        list += (list.empty() ? "" : ",") + endpoint;
    return list;
}

void etcd_cluster::kill(std::size_t member)
{
    members_.at(member)->kill(SIGKILL);
    members_.at(member)->wait();
    killed_.insert(member);
}

const std::string& etcd_cluster::live_endpoint() const
{
    for (std::size_t i = 0; i < endpoints_.size(); ++i)
        if (!killed_.count(i))
            return endpoints_[i];
    throw std::runtime_error("every etcd member was killed");
}

std::size_t etcd_cluster::leader() const
{
    for (std::size_t i = 0; i < endpoints_.size(); ++i) {
        try {
            const std::string status = etcd_request(endpoints_[i], "/v3/maintenance/status", "{}");
            const auto field = [&](const std::string& name) {
                const auto at = status.find("\"" + name + "\":\"");
                return at == std::string::npos
                           ? std::string()
                           : status.substr(at + name.size() + 4,
                                           status.find('"', at + name.size() + 4) - at -
                                               name.size() - 4);
            };
            if (!field("leader").empty() && field("leader") == field("member_id"))
                return i;
        } catch (const std::runtime_error&) {
            // a member killed: ask the next
        }
    }
    throw std::runtime_error("no etcd member says it leads");
}

} // namespace lockfile_test
