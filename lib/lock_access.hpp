// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_LOCK_ACCESS_HPP_INCLUDED
#define LOCKFILE_LIB_LOCK_ACCESS_HPP_INCLUDED

// Makes lock objects from what the registry hands out.

#include <lockfile/lock_file.hpp>
#include <lockfile/simple_lock_file.hpp>

#include <memory>
#include <string>

namespace lockfile {
namespace detail {

struct lock_access {
    static simple_lock_file make_simple_lock_file(std::shared_ptr<lock_entry> entry,
                                                  const boost::filesystem::path& path,
                                                  lock_mode mode) noexcept
    {
        return simple_lock_file(std::move(entry), path, mode);
    }

    // lock_file's way: " CONTENT\n" written once held in exclusive mode; on
    // failure `lock` is released before ec reaches the caller.
    static lock_file make_lock_file(simple_lock_file lock, const std::string& content,
                                    boost::system::error_code& ec)
    {
        lock_file made;
        made.adopt(std::move(lock), content, ec);
        return made;
    }
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_LOCK_ACCESS_HPP_INCLUDED
