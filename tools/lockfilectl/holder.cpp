// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Who holds the lock, in one phrase (pid N on HOST), for messages.
#include "holder.hpp"

#include <lockfile/lock_status.hpp>
#include <lockfile/who_holds.hpp>

#include <algorithm>

namespace lockfilectl {

std::string describe_process(long pid, const std::string& hostname)
{
    return "pid " + std::to_string(pid) + (hostname.empty() ? "" : " on " + hostname);
}

std::string describe_holder(const std::string& path)
{
    boost::system::error_code ec;
    const lockfile::lock_status status = lockfile::query_lock(path, ec);
    const bool kernel_knows = !ec;
    const lockfile::holder_info content = lockfile::who_holds(path, ec);
    const bool content_names_a_holder =
        !ec && content.pid &&
        (!kernel_knows ||
         std::find(status.pids.begin(), status.pids.end(), *content.pid) != status.pids.end());
    if (content_names_a_holder)
        return describe_process(*content.pid, content.hostname);
    if (kernel_knows && !status.pids.empty())
        return describe_process(status.pids.front(), "");
    return {};
}

} // namespace lockfilectl
