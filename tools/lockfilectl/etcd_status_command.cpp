// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl status --etcd: whether NAME is held on etcd, by whom, with
// which fencing token, and how many wait. Names and contents are bytes that
// anyone may have chosen: shown as status shows a lock file's.
#include "commands.hpp"

#include "etcd_lock.hpp"
#include "text_output.hpp"

#include <iostream>
#include <optional>
#include <string>

namespace lockfilectl {

namespace {

void print_json(const std::string& name, const lockfile::etcd::name_status& status)
{
    const lockfile::holder_info& holder = status.holder;
    const std::string null = "null";
    std::cout << "{\"name\":" << json_string(name)
              << ",\"name_base64\":" << json_string(base64(name))
              << ",\"locked\":" << (status.locked ? "true" : "false")
              << ",\"key\":" << (status.locked ? json_string(status.key) : null)
              << ",\"fencing_token\":"
              << (status.locked ? std::to_string(status.fencing_token) : null)
              << ",\"queue_length\":" << status.queue_length
              << ",\"pid\":" << (holder.pid ? std::to_string(*holder.pid) : null)
              << ",\"hostname\":" << (status.locked ? json_string(holder.hostname) : null)
              << ",\"content\":" << (status.locked ? json_string(holder.content) : null)
              << ",\"content_base64\":"
              << (status.locked ? json_string(base64(holder.content)) : null) << "}\n";
}

void print_text(const std::string& name, const lockfile::etcd::name_status& status)
{
    if (!status.locked) {
        std::cout << shown(name) << ": free\n";
        return;
    }
    const lockfile::holder_info& holder = status.holder;
    std::cout << shown(name) << ": locked, key " << shown(status.key) << ", fencing token "
              << status.fencing_token << ", " << status.queue_length - 1 << " waiting\n";
    if (holder.pid)
        std::cout << "held by " << describe_etcd_holder(status) << "\n";
    if (holder.content.empty())
        std::cout << "content: none (etcdctl lock writes none)\n";
    else
        std::cout << "content: " << quote(holder.content, bad_bytes::escape) << "\n";
}

} // namespace

int etcd_status_command(const options& options)
{
    boost::asio::io_context io;
    int exit_status = 0;
    std::optional<lockfile::etcd::client> client = etcd_client(options, io, exit_status);
    if (!client)
        return 2;
    std::optional<lockfile::etcd::name_status> status;
    boost::system::error_code ec;
    lockfile::etcd::async_query_lock(
        *client, options.path, [&](boost::system::error_code e, lockfile::etcd::name_status s) {
            ec = e;
            status = std::move(s);
        });
    io.run();
    if (ec) {
        std::cerr << options.program << ": cannot query " << shown(options.path)
                  << " on etcd: " << (status->failure.empty() ? ec.message() : status->failure)
                  << "\n";
        return 2;
    }
    if (options.json)
        print_json(options.path, *status);
    else
        print_text(options.path, *status);
    return status->locked ? 1 : 0;
}

} // namespace lockfilectl
