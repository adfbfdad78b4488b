// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#include <lockfile/lock_status.hpp>

#include "inspect_path.hpp"
#include "throw_on_error.hpp"

#include <algorithm>

#if defined(__linux__)
#include <sys/sysmacros.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#endif

namespace lockfile {

lock_status query_lock(path_arg path)
{
    boost::system::error_code ec;
    lock_status status = query_lock(path, ec);
    detail::throw_on_error(ec, path.get(), "query");
    return status;
}

#if defined(__linux__)

namespace {

// One line of /proc/locks: "1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234 0 EOF".
// Requests still waiting ("1: -> FLOCK ...") hold nothing and do not count.
bool parse_lock_line(const std::string& line, std::string& mode, long& pid, unsigned& major,
                     unsigned& minor, unsigned long& inode)
{
    std::istringstream in(line);
    std::string ordinal, kind, advisory, device;
    if (!(in >> ordinal >> kind) || kind == "->")
        return false;
    if (!(in >> advisory >> mode >> pid >> device))
        return false;
    return std::sscanf(device.c_str(), "%x:%x:%lu", &major, &minor, &inode) == 3;
}

} // namespace

lock_status query_lock(path_arg path, boost::system::error_code& ec)
{
    // Judged as lock_file judges it: a symlink is an error, never the status
    // of its target or of the link itself, and a missing file is free.
    const std::optional<detail::file_id> id = detail::inspect_lock_path(path.get(), ec);
    if (!id)
        return {};
    std::ifstream locks("/proc/locks");
    if (!locks) {
        ec = boost::system::errc::make_error_code(boost::system::errc::no_such_file_or_directory);
        return {};
    }
    lock_status status;
    for (std::string line; std::getline(locks, line);) {
        std::string mode;
        long pid = 0;
        unsigned major_number = 0, minor_number = 0;
        unsigned long inode = 0;
        if (!parse_lock_line(line, mode, pid, major_number, minor_number, inode) ||
            inode != id->inode || major_number != major(id->device) ||
            minor_number != minor(id->device))
            continue;
        if (!status.locked)
            status.mode = lock_mode::shared;
        status.locked = true;
        if (mode == "WRITE")
            status.mode = lock_mode::exclusive;
        if (pid > 0 && std::find(status.pids.begin(), status.pids.end(), pid) == status.pids.end())
            status.pids.push_back(pid);
    }
    ec.clear();
    return status;
}

#else

lock_status query_lock(path_arg, boost::system::error_code& ec)
{
    ec = boost::system::errc::make_error_code(boost::system::errc::operation_not_supported);
    return {};
}

#endif

} // namespace lockfile
