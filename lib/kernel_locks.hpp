#ifndef LOCKFILE_LIB_KERNEL_LOCKS_HPP_INCLUDED
#define LOCKFILE_LIB_KERNEL_LOCKS_HPP_INCLUDED

// The two families of kernel locks that a lock file holds, so that peers of
// both see it: flock(2) on the library's own descriptor (zc.lockfile,
// py-filelock, flock(1)) and boost::interprocess::file_lock (fcntl record
// locks: Boost, lockf(3), fasteners). Every call here is non-blocking.

#include <lockfile/lock_options.hpp>

#include <boost/interprocess/sync/file_lock.hpp>
#include <boost/system/error_code.hpp>

#include <sys/types.h>

namespace lockfile {
namespace detail {

// Whether flock(2) and fcntl locks are independent on the file open at fd,
// whose st_dev is `device`.
// Where they interact (BSD, macOS; NFS on Linux, which emulates flock with
// fcntl), taking both would make the process conflict with itself, and the
// fcntl lock alone is seen by both families.
bool flock_is_independent(int fd, dev_t device);

// Contention is error::already_locked.
boost::system::error_code try_flock(int fd, lock_mode mode);
void flock_unlock(int fd) noexcept;

// Boost's lock object works on the descriptor it owns, which it would open
// itself by path: a second descriptor per lock (and a second path lookup,
// in which the path could name another file), not close-on-exec. Instead it
// is handed the library's own descriptor, and takes it back before
// destruction. fcntl locks belong to the process and the file, not to a
// descriptor, so the lock is the same.
void lend_descriptor(boost::interprocess::file_lock& lock, int fd) noexcept;
void take_back_descriptor(boost::interprocess::file_lock& lock) noexcept;

// Contention is error::already_locked.
boost::system::error_code try_fcntl_lock(boost::interprocess::file_lock& lock, lock_mode mode);
void fcntl_unlock(boost::interprocess::file_lock& lock, lock_mode mode) noexcept;

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_KERNEL_LOCKS_HPP_INCLUDED
