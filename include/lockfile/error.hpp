// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_ERROR_HPP_INCLUDED
#define LOCKFILE_ERROR_HPP_INCLUDED

// The library's own error codes and the exception that the throwing API raises.

#include <boost/filesystem/path.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <string>
#include <type_traits>

namespace lockfile {

// Failures that have no errno of their own. Every other failure is reported
// with the operating system's code (system_category), unchanged.
enum class error {
    // Another holder (another process, or another lock object of this
    // process) holds a conflicting lock. Compares equal to
    // boost::system::errc::resource_unavailable_try_again.
    already_locked = 1,
    // The content template is not one that zc.lockfile renders: an unknown
    // {name}, a lone '{' or '}', a format spec Python refuses (or one of the
    // few it accepts that the library does not; see lock_options).
    bad_template,
    // The path names a FIFO, a device or a socket, not a regular file.
    not_a_regular_file,
    // The lock file was removed or replaced while it was being locked, again
    // and again.
    file_replaced,
    // async_acquire's timeout passed before the lock could be taken.
    // Compares equal to boost::system::errc::timed_out.
    timed_out,
    // The path is a symbolic link (on Windows, any reparse point), which a
    // lock file may not be: the lock must be on the file the path names.
    // Compares equal to boost::system::errc::too_many_symbolic_link_levels
    // (ELOOP, what open(2) with O_NOFOLLOW reports).
    symbolic_link,
    // The file is on a pseudo-filesystem (procfs, sysfs, debugfs, cgroupfs,
    // configfs, securityfs, tracefs, bpf, efivarfs...), whose files are the
    // kernel's controls, never lock files. Nothing was locked or written.
    pseudo_filesystem,
};

// The category of lockfile::error; its name() is "lockfile".
const boost::system::error_category& lockfile_category() noexcept;

inline boost::system::error_code make_error_code(error e) noexcept
{
    return {static_cast<int>(e), lockfile_category()};
}

// Thrown by the throwing overloads. what() is "Couldn't lock 'PATH'" on
// contention, exactly as zc.lockfile says it, and "Couldn't lock 'PATH': CAUSE"
// for every other failure ("lock" is replaced by the failed action, such as
// "unlock" or "read"). code() keeps the cause; path() is the path as given.
class lock_error : public boost::system::system_error {
public:
    lock_error(boost::system::error_code ec, boost::filesystem::path path,
               const char* action = "lock");

    const boost::filesystem::path& path() const noexcept { return path_; }
    const char* what() const noexcept override { return message_.c_str(); }

private:
    boost::filesystem::path path_;
    std::string message_;
};

} // namespace lockfile

namespace boost {
namespace system {
template <> struct is_error_code_enum<lockfile::error> : std::true_type {
};
} // namespace system
} // namespace boost

#endif // LOCKFILE_ERROR_HPP_INCLUDED
