// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LOCK_OPTIONS_HPP_INCLUDED
#define LOCKFILE_LOCK_OPTIONS_HPP_INCLUDED

// The options of a lock: mode (exclusive or shared), owner, permissions of
// a new file, and the content template.

#include <boost/filesystem/operations.hpp>

#include <string>

namespace lockfile {

enum class lock_mode {
    exclusive, // one holder
    shared,    // any number of shared holders, in this process and others
};

// What the kernel's locks belong to, which decides who holds them and for
// how long.
enum class lock_owner {
    // This process (the default). POSIX: flock(2) and a classic fcntl record
    // lock (boost::interprocess::file_lock). The lock ends when it is
    // released or the process ends; a child process holds no part of it.
    process,
    // The open file description of the lock's descriptor (native_handle()),
    // as flock(1)'s lock is. Linux: flock(2) and an OFD record lock
    // (F_OFD_SETLK), which the same peers see as the process-owned pair;
    // FreeBSD and macOS: flock(2) alone, which fcntl-family peers see there.
    // A child process that inherits the descriptor (fork, then exec with
    // close-on-exec cleared in the child) holds the whole lock with this
    // process, and releasing here only closes this process's descriptor:
    // the lock ends when the last descriptor of that description is closed.
    // Windows: an error equal to errc::not_supported.
    open_file_description,
};

// 0666: the creator's umask is applied, as open(2) does.
inline constexpr boost::filesystem::perms default_permissions =
    static_cast<boost::filesystem::perms>(
        boost::filesystem::owner_read | boost::filesystem::owner_write |
        boost::filesystem::group_read | boost::filesystem::group_write |
        boost::filesystem::others_read | boost::filesystem::others_write);

// Options of simple_lock_file.
struct simple_lock_options {
    lock_mode mode = lock_mode::exclusive;
    lock_owner owner = lock_owner::process;
    // Used only when the lock file does not exist yet and is created;
    // ignored on Windows, which has no permission bits (the new file gets
    // its directory's inherited access control). Bits beyond 0777 (setuid,
    // setgid, sticky) are rejected: errc::invalid_argument.
    boost::filesystem::perms permissions = default_permissions;
};

// Options of lock_file: those of simple_lock_file, and the content.
struct lock_options : simple_lock_options {
    // Written as " CONTENT\n" once the lock is held in exclusive mode.
    // Rendered as zc.lockfile renders it, with Python 3.11's str.format:
    // {pid} and {hostname}, {{ and }} for braces, the conversions !s !r !a,
    // and after ':' Python's format-spec mini-language ({pid:08d},
    // {pid:#x}, {pid:,}, {hostname!s:>20}...); the host name takes a spec
    // only after !s, since zc.lockfile passes an object that is not a str.
    // Rejected with error::bad_template: what Python rejects, and, though
    // Python accepts them, attributes and indexes ({pid.real}), nested
    // fields ({pid:>{pid}}), {hostname!r} and {hostname!a} (a memory
    // address), and widths or precisions above 4096 or written with other
    // digits than 0-9.
    // Shared holders write nothing: there may be many of them.
    std::string content_template = "{pid}";
};

} // namespace lockfile

#endif // LOCKFILE_LOCK_OPTIONS_HPP_INCLUDED
