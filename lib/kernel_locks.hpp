#ifndef LOCKFILE_LIB_KERNEL_LOCKS_HPP_INCLUDED
#define LOCKFILE_LIB_KERNEL_LOCKS_HPP_INCLUDED

// The two families of kernel locks that a lock file holds, so that peers of
// both see it: flock(2) on the library's own descriptor (zc.lockfile,
// py-filelock, flock(1)) and boost::interprocess::file_lock (fcntl record
// locks: Boost, lockf(3), fasteners). Every call here is non-blocking.

#include <lockfile/lock_options.hpp>

#include <boost/filesystem/path.hpp>
#include <boost/interprocess/sync/file_lock.hpp>
#include <boost/system/error_code.hpp>

namespace lockfile {
namespace detail {

// Whether flock(2) and fcntl locks are independent on the file open at fd.
// Where they interact (BSD, macOS; NFS on Linux, which emulates flock with
// fcntl), taking both would make the process conflict with itself, and the
// fcntl lock alone is seen by both families.
bool flock_is_independent(int fd);

// Contention is error::already_locked.
boost::system::error_code try_flock(int fd, lock_mode mode);
void flock_unlock(int fd) noexcept;

// Boost's lock object for path, its descriptor made close-on-exec. Boost
// opens the path itself, so the caller must check that the descriptor names
// the file it means to lock.
boost::system::error_code open_fcntl_lock(const boost::filesystem::path& path,
                                          boost::interprocess::file_lock& lock);
int fcntl_lock_descriptor(const boost::interprocess::file_lock& lock);
// Takes the descriptor away from Boost's object, which then holds nothing:
// for a descriptor that must not be closed yet.
int detach_fcntl_lock_descriptor(boost::interprocess::file_lock& lock);

// Contention is error::already_locked.
boost::system::error_code try_fcntl_lock(boost::interprocess::file_lock& lock, lock_mode mode);
void fcntl_unlock(boost::interprocess::file_lock& lock, lock_mode mode) noexcept;

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_KERNEL_LOCKS_HPP_INCLUDED
