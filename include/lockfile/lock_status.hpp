#ifndef LOCKFILE_LOCK_STATUS_HPP_INCLUDED
#define LOCKFILE_LOCK_STATUS_HPP_INCLUDED

#include <lockfile/lock_options.hpp>
#include <lockfile/path_arg.hpp>

#include <boost/system/error_code.hpp>

#include <vector>

namespace lockfile {

// Whether a lock file is locked now, as the kernel says.
struct lock_status {
    bool locked = false;
    // exclusive if any holder holds it exclusively; meaningful when locked.
    lock_mode mode = lock_mode::exclusive;
    // The holders' process ids, as the kernel records them (the process
    // that took each lock), without duplicates; may be empty when locked.
    std::vector<long> pids;
};

// Asks the kernel, without opening or locking the file, whether it is
// locked by anyone, in either family (flock, fcntl, OFD). Safe to call from
// the holding process. Linux reads /proc/locks; other systems report
// errc::operation_not_supported.
//
// Errors: those of lstat(2) on the path (ENOENT...), and of reading
// /proc/locks. Thread-safe.
lock_status query_lock(path_arg path);
lock_status query_lock(path_arg path, boost::system::error_code& ec);

} // namespace lockfile

#endif // LOCKFILE_LOCK_STATUS_HPP_INCLUDED
