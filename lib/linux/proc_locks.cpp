// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Reading /proc/locks, one line per lock of any process.
#include "../proc_locks.hpp"

#include <sys/sysmacros.h>
#include <sys/types.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace lockfile {
namespace detail {

namespace {

struct proc_locks_line {
    std::string mode; // READ or WRITE
    long pid = 0;
    unsigned major = 0, minor = 0;
    unsigned long inode = 0;
};

// One line of /proc/locks: "1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234 0 EOF".
// Requests still waiting ("1: -> FLOCK ...") hold nothing and do not count.
bool parse_line(const std::string& text, proc_locks_line& line)
{
    std::istringstream in(text);
    std::string ordinal, kind, advisory, device;
    if (!(in >> ordinal >> kind) || kind == "->")
        return false;
    if (!(in >> advisory >> line.mode >> line.pid >> device))
        return false;
    return std::sscanf(device.c_str(), "%x:%x:%lu", &line.major, &line.minor, &line.inode) == 3;
}

bool names(const proc_locks_line& line, const file_id& id)
{
    const auto device = static_cast<dev_t>(id.device);
    return line.inode == id.inode && line.major == major(device) && line.minor == minor(device);
}

} // namespace

std::vector<listed_lock> locks_listed_for(const file_id& id, boost::system::error_code& ec)
{
    std::ifstream locks("/proc/locks");
    if (!locks) {
        ec = boost::system::errc::make_error_code(boost::system::errc::no_such_file_or_directory);
        return {};
    }
    std::vector<listed_lock> listed;
    for (std::string text; std::getline(locks, text);) {
        proc_locks_line line;
        if (parse_line(text, line) && names(line, id))
            listed.push_back({line.mode == "WRITE", line.pid});
    }
    ec.clear();
    return listed;
}

} // namespace detail
} // namespace lockfile
