// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl status: whether a lock file is locked, by whom, and what its
// last holder wrote. The path and the content are bytes that anyone may have
// chosen, so the JSON output stays valid JSON whatever they hold (with the
// exact bytes in base64 beside them), and the text output never sends a
// control character to the terminal raw.

#include "commands.hpp"
#include "text_output.hpp"

#include <lockfile/error.hpp>
#include <lockfile/lock_status.hpp>
#include <lockfile/who_holds.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

namespace lockfilectl {

namespace {

// What the lock file says about its holder, or why it could not be read.
struct content_read {
    lockfile::holder_info holder;
    boost::system::error_code error;
};

const char* mode_name(lockfile::lock_mode mode)
{
    return mode == lockfile::lock_mode::shared ? "shared" : "exclusive";
}

void print_json(const std::string& path, const lockfile::lock_status& status,
                const content_read& content)
{
    const lockfile::holder_info& holder = content.holder;
    const bool readable = !content.error;
    const std::string null = "null";
    std::ostringstream pids;
    for (std::size_t i = 0; i < status.pids.size(); ++i)
        pids << (i ? "," : "") << status.pids[i];
    std::cout << "{\"path\":" << json_string(path)
              << ",\"path_base64\":" << json_string(base64(path))
              << ",\"locked\":" << (status.locked ? "true" : "false")
              << ",\"mode\":" << (status.locked ? json_string(mode_name(status.mode)) : null)
              << ",\"pids\":[" << pids.str()
              << "],\"pid\":" << (holder.pid ? std::to_string(*holder.pid) : null)
              << ",\"hostname\":" << (readable ? json_string(holder.hostname) : null)
              << ",\"content\":" << (readable ? json_string(holder.content) : null)
              << ",\"content_base64\":" << (readable ? json_string(base64(holder.content)) : null)
              << ",\"content_error\":" << (readable ? null : json_string(content.error.message()))
              << "}\n";
}

void print_content(const content_read& content)
{
    const lockfile::holder_info& holder = content.holder;
    if (content.error == boost::system::errc::no_such_file_or_directory) {
        std::cout << "content: none (the file does not exist)\n";
    } else if (content.error) {
        std::cout << "content: not readable (" << content.error.message() << ")\n";
    } else {
        if (holder.pid)
            std::cout << "last written by pid " << *holder.pid
                      << (holder.hostname.empty() ? "" : " on " + shown(holder.hostname)) << "\n";
        std::cout << "content: " << quote(holder.content, bad_bytes::escape) << "\n";
    }
}

void print_text(const std::string& path, const lockfile::lock_status& status,
                const content_read& content)
{
    std::cout << shown(path) << ": " << (status.locked ? "locked" : "free");
    if (status.locked) {
        std::cout << " (" << mode_name(status.mode) << ") by pid";
        for (const long pid : status.pids)
            std::cout << " " << pid;
    }
    std::cout << "\n";
    print_content(content);
}

} // namespace

int status_command(const options& options)
{
    // query_lock judges the path as taking the lock would: a symlink (even to
    // a locked file), a FIFO, a device, a directory or a missing directory is
    // an error, never "free". A missing file in a directory that exists is
    // free.
    boost::system::error_code ec;
    const lockfile::lock_status status = lockfile::query_lock(options.path, ec);
    if (ec) {
        std::cerr << "lockfilectl: " << lockfile::lock_error(ec, options.path, "query").what()
                  << "\n";
        return 2;
    }
    // The status stands without the content: a reader who may not read the
    // file is told so, beside the kernel's answer.
    content_read content;
    content.holder = lockfile::who_holds(options.path, content.error);
    if (options.json)
        print_json(options.path, status, content);
    else
        print_text(options.path, status, content);
    return status.locked ? 1 : 0;
}

} // namespace lockfilectl
