// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_ANCHORED_PATH_HPP_INCLUDED
#define LOCKFILE_LIB_ANCHORED_PATH_HPP_INCLUDED

// A lock keeps meaning the file it locked: a relative path is made absolute
// against the working directory once, when the lock is sought, so that a
// later chdir() changes neither verify() nor what path() names.

#include <boost/filesystem/operations.hpp>
#include <boost/filesystem/path.hpp>

namespace lockfile {
namespace detail {

// `path` made absolute; as given if it is empty (anchoring would turn it
// into the working directory: ENOENT must stay ENOENT) or if the working
// directory cannot be read (it was deleted), where opening the relative
// path fails anyway.
inline boost::filesystem::path anchored(const boost::filesystem::path& path)
{
    if (path.empty() || path.is_absolute())
        return path;
    boost::system::error_code ec;
    const boost::filesystem::path directory = boost::filesystem::current_path(ec);
    return ec ? path : directory / path;
}

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_ANCHORED_PATH_HPP_INCLUDED
