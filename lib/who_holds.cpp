// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// who_holds: reading and parsing what a holder wrote.
#include <lockfile/who_holds.hpp>

#include "inspect_path.hpp"
#include "registry.hpp"
#include "throw_on_error.hpp"

namespace lockfile {

holder_info who_holds(path_arg path)
{
    return detail::value_or_throw(path.get(), "read",
                                  [&](boost::system::error_code& ec) { return who_holds(path, ec); });
}

holder_info who_holds(path_arg path, boost::system::error_code& ec)
{
#if !defined(_WIN32)
    // Refused as lock_file refuses it before anything is opened: opening a
    // FIFO or a device can have effects of its own. (Opening still checks
    // what it opened, in case the path changes in between.)
    if (!detail::inspect_lock_path(path.get(), ec)) {
        if (!ec) // a missing file in a directory that exists: nothing to read
            ec = boost::system::errc::make_error_code(
                boost::system::errc::no_such_file_or_directory);
        return {};
    }
#endif
    std::string content = detail::registry::instance().read_file(path.get(), ec);
    if (ec)
        return {};
    return parse_holder(std::move(content));
}

holder_info parse_holder(std::string content)
{
    holder_info holder;
    std::string_view text = content;
    if (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    if (!text.empty() && text.back() == '\n')
        text.remove_suffix(1);
    const std::string_view pid = text.substr(0, text.find(';'));
    const bool digits = !pid.empty() && pid.size() <= 18 &&
                        pid.find_first_not_of("0123456789") == std::string_view::npos;
    if (digits) {
        holder.pid = std::stol(std::string(pid));
        if (pid.size() < text.size())
            holder.hostname = std::string(text.substr(pid.size() + 1));
    }
    holder.content = std::move(content);
    return holder;
}

} // namespace lockfile
