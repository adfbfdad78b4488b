// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Judging a lock path with lstat, never opening it.
#include "../inspect_path.hpp"

#include "filesystem_type.hpp"

#include <lockfile/error.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <string>

namespace lockfile {
namespace detail {

namespace {

boost::system::error_code system_error(int value)
{
    return {value, boost::system::system_category()};
}

// What open_lock_file reports for a path that names a file of this type on
// a filesystem of this type: open(2) with O_NOFOLLOW refuses a symlink, a
// directory opened for writing (EISDIR) and a socket (ENXIO); fstat and
// fstatfs then refuse the rest.
boost::system::error_code refusal_for(mode_t mode, unsigned long filesystem)
{
    if (S_ISREG(mode))
        return is_pseudo_filesystem(filesystem) ? make_error_code(error::pseudo_filesystem)
                                                : boost::system::error_code();
    if (S_ISLNK(mode))
        return make_error_code(error::symbolic_link);
    if (S_ISDIR(mode))
        return system_error(EISDIR);
    if (S_ISSOCK(mode))
        return system_error(ENXIO);
    return make_error_code(error::not_a_regular_file);
}

// lstat found nothing at path. open(2) resolves every component but the
// last before it creates the file, so what lock_file does depends on that
// parent: when it is a directory, the file is created there (no error here),
// unless the name ends in a slash (O_CREAT refuses that with EISDIR); when
// it is missing, ENOENT. stat(2) follows symlinks as that resolution does.
boost::system::error_code missing_file_error(const std::string& path)
{
    const std::size_t end = path.find_last_not_of('/');
    if (end == std::string::npos) // "" (a path of slashes alone always exists)
        return system_error(ENOENT);
    const bool trailing_slash = end + 1 < path.size();
    const std::size_t slash = path.rfind('/', end);
    const std::string parent = slash == std::string::npos ? "."
                               : slash == 0               ? "/"
                                                          : path.substr(0, slash);
    struct stat st {};
    if (::stat(parent.c_str(), &st) != 0)
        return last_system_error();
    if (!S_ISDIR(st.st_mode)) // replaced since the lstat
        return system_error(ENOTDIR);
    return trailing_slash ? system_error(EISDIR) : boost::system::error_code();
}

} // namespace

std::optional<file_id> inspect_lock_path(const boost::filesystem::path& path,
                                         boost::system::error_code& ec)
{
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        ec = errno == ENOENT ? missing_file_error(path.native()) : last_system_error();
        return std::nullopt;
    }
    ec = refusal_for(st.st_mode, S_ISREG(st.st_mode)
                                     ? filesystem_type_of(path.c_str(), st.st_dev)
                                     : 0);
    if (ec)
        return std::nullopt;
    return file_id{st.st_dev, st.st_ino};
}

} // namespace detail
} // namespace lockfile
