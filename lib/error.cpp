// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfile::error's category: messages and the errc conditions they equal.
#include <lockfile/error.hpp>

namespace lockfile {

namespace {

class lockfile_category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "lockfile"; }

    std::string message(int value) const override
    {
        switch (static_cast<error>(value)) {
        case error::already_locked:
            return "the file is locked by another holder";
        case error::bad_template:
            return "bad content template (Python str.format with {pid} and {hostname}, as "
                   "zc.lockfile renders it; see lock_options::content_template)";
        case error::not_a_regular_file:
            return "not a regular file (a FIFO, device or socket cannot be a lock file)";
        case error::file_replaced:
            return "the lock file was removed or replaced while being locked";
        case error::timed_out:
            return "timed out waiting for the lock";
        case error::symbolic_link:
            return "the path is a symbolic link, which a lock file may not be (name the file "
                   "itself)";
        case error::pseudo_filesystem:
            return "the file is on a pseudo-filesystem (procfs, sysfs...), whose files are "
                   "the kernel's controls, not lock files";
        }
        return "unknown lockfile error";
    }

    // Lets callers test portably: ec == errc::resource_unavailable_try_again.
    boost::system::error_condition default_error_condition(int value) const noexcept override
    {
        if (static_cast<error>(value) == error::already_locked)
            return boost::system::errc::resource_unavailable_try_again;
        if (static_cast<error>(value) == error::timed_out)
            return boost::system::errc::timed_out;
        if (static_cast<error>(value) == error::symbolic_link)
            return boost::system::errc::too_many_symbolic_link_levels;
        return {value, *this};
    }
};

} // namespace

const boost::system::error_category& lockfile_category() noexcept
{
    static const lockfile_category_impl instance;
    return instance;
}

namespace {

std::string describe(const boost::system::error_code& ec, const boost::filesystem::path& path,
                     const char* action)
{
    std::string text = std::string("Couldn't ") + action + " '" + path.string() + "'";
    // Contention reads exactly as zc.lockfile's LockError.
    if (ec != error::already_locked)
        text += ": " + ec.message();
    return text;
}

} // namespace

lock_error::lock_error(boost::system::error_code ec, boost::filesystem::path path,
                       const char* action)
    : boost::system::system_error(ec), path_(std::move(path)), message_(describe(ec, path_, action))
{
}

} // namespace lockfile
