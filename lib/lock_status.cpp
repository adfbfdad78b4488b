// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// query_lock: the path judged as lock_file judges it, then the kernel's list.
#include <lockfile/lock_status.hpp>

#include "inspect_path.hpp"
#include "throw_on_error.hpp"

#include <algorithm>

#if defined(__linux__)
#include "proc_locks.hpp"
#endif

namespace lockfile {

lock_status query_lock(path_arg path)
{
    return detail::value_or_throw(path.get(), "query",
                                  [&](boost::system::error_code& ec) { return query_lock(path, ec); });
}

#if defined(__linux__)

lock_status query_lock(path_arg path, boost::system::error_code& ec)
{
    // Judged as lock_file judges it: a symlink is an error, never the status
    // of its target or of the link itself, and a missing file is free.
    const std::optional<detail::file_id> id = detail::inspect_lock_path(path.get(), ec);
    if (!id)
        return {};
    const std::vector<detail::listed_lock> listed = detail::locks_listed_for(*id, ec);
    if (ec)
        return {};
    lock_status status;
    for (const detail::listed_lock& lock : listed) {
        if (!status.locked)
            status.mode = lock_mode::shared;
        status.locked = true;
        if (lock.exclusive)
            status.mode = lock_mode::exclusive;
        if (lock.pid > 0 && std::find(status.pids.begin(), status.pids.end(), lock.pid) ==
                                status.pids.end())
            status.pids.push_back(lock.pid);
    }
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
