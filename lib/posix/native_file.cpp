// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Opening lock files safely (no symlink, FIFO, device or pseudo-file),
// identifying, reading and writing them.
#include "../native_file.hpp"

#include "filesystem_type.hpp"

#include <lockfile/error.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace lockfile {
namespace detail {

namespace {

constexpr int safe_open_flags = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY;

// Refuses anything but a regular file of a real filesystem (open(2)
// already refused directories opened for writing, and symlinks through
// O_NOFOLLOW): nothing has been locked or written yet.
int keep_if_regular(int fd, file_id& id, boost::system::error_code& ec)
{
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ec = last_system_error();
    } else if (!S_ISREG(st.st_mode)) {
        ec = S_ISDIR(st.st_mode)
                 ? boost::system::error_code(EISDIR, boost::system::system_category())
                 : make_error_code(error::not_a_regular_file);
    } else if (is_pseudo_filesystem(filesystem_type_of(fd, st.st_dev))) {
        ec = make_error_code(error::pseudo_filesystem);
    } else {
        id = {st.st_dev, st.st_ino};
        ec.clear();
        return fd;
    }
    ::close(fd);
    return -1;
}

// O_NOFOLLOW's refusal of a symlink (ELOOP; EMLINK on FreeBSD) is also the error of a real loop among the directories before
// it: only a symlink at the path itself is error::symbolic_link.
bool refused_symlink(const boost::filesystem::path& path, int error_number)
{
    struct stat st {};
    return (error_number == ELOOP || error_number == EMLINK) && ::lstat(path.c_str(), &st) == 0 &&
           S_ISLNK(st.st_mode);
}

int open_or_error(const boost::filesystem::path& path, int flags, mode_t mode,
                  boost::system::error_code& ec)
{
    int fd;
    do
        fd = ::open(path.c_str(), flags, mode);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        const int error_number = errno; // before lstat can change it
        ec = refused_symlink(path, error_number)
                 ? make_error_code(error::symbolic_link)
                 : boost::system::error_code(error_number, boost::system::system_category());
    }
    return fd;
}

} // namespace

boost::system::error_code last_system_error()
{
    return {errno, boost::system::system_category()};
}

bool identify_path(const boost::filesystem::path& path, file_id& id, boost::system::error_code& ec)
{
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        ec = last_system_error();
        return false;
    }
    id = {st.st_dev, st.st_ino};
    ec.clear();
    return true;
}

native_file open_lock_file(const boost::filesystem::path& path,
                           boost::filesystem::perms permissions, lock_mode mode, file_id& id,
                           boost::system::error_code& write_refused,
                           boost::system::error_code& ec)
{
    write_refused.clear();
    // The existing file first: O_CREAT on another user's file in a sticky
    // directory fails under fs.protected_regular even though it exists.
    int fd = open_or_error(path, O_RDWR | safe_open_flags, 0, ec);
    if (fd < 0 && mode == lock_mode::shared && (ec.value() == EACCES || ec.value() == EROFS)) {
        write_refused = ec;
        fd = open_or_error(path, O_RDONLY | safe_open_flags, 0, ec);
    }
    if (fd < 0 && ec.value() == ENOENT)
        fd = open_or_error(path, O_RDWR | O_CREAT | safe_open_flags,
                           static_cast<mode_t>(permissions & boost::filesystem::perms_mask), ec);
    return fd < 0 ? -1 : keep_if_regular(fd, id, ec);
}

native_file open_for_reading(const boost::filesystem::path& path, file_id& id,
                             boost::system::error_code& ec)
{
    const int fd = open_or_error(path, O_RDONLY | safe_open_flags, 0, ec);
    return fd < 0 ? -1 : keep_if_regular(fd, id, ec);
}

std::string read_all(int fd, boost::system::error_code& ec)
{
    std::string content;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::pread(fd, buffer, sizeof buffer, static_cast<off_t>(content.size()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ec = last_system_error();
            return {};
        }
        if (n == 0)
            break;
        content.append(buffer, static_cast<std::size_t>(n));
    }
    ec.clear();
    return content;
}

void replace_content(int fd, std::string_view content, boost::system::error_code& ec)
{
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::pwrite(fd, content.data() + written, content.size() - written,
                                   static_cast<off_t>(written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ec = last_system_error();
            return;
        }
        written += static_cast<std::size_t>(n);
    }
    if (::ftruncate(fd, static_cast<off_t>(content.size())) != 0) {
        ec = last_system_error();
        return;
    }
    ec.clear();
}

void close_file(int fd, boost::system::error_code& ec)
{
    // POSIX leaves the descriptor state unspecified after EINTR; Linux has
    // always closed it, so it is never retried.
    if (::close(fd) != 0 && errno != EINTR)
        ec = last_system_error();
    else
        ec.clear();
}

} // namespace detail
} // namespace lockfile
