#include "kernel_locks.hpp"

#include "posix_file.hpp"

#include <lockfile/error.hpp>

#include <boost/interprocess/exceptions.hpp>

#include <sys/file.h>
#if defined(__linux__)
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#endif

#include <cerrno>

namespace lockfile {
namespace detail {

namespace {

// boost::interprocess::file_lock offers no way to give it a descriptor. The
// member is reached through an explicit instantiation, where access checking
// does not apply; if Boost renames it, this stops compiling rather than
// misbehaving.
using file_lock_handle = boost::interprocess::file_handle_t boost::interprocess::file_lock::*;

file_lock_handle handle_member();

template <file_lock_handle Member> struct handle_member_access {
    friend file_lock_handle handle_member() { return Member; }
};

template struct handle_member_access<&boost::interprocess::file_lock::m_file_hnd>;

boost::system::error_code from_boost(const boost::interprocess::interprocess_exception& e)
{
    return {e.get_native_error(), boost::system::system_category()};
}

#if defined(__linux__)
constexpr long nfs_super_magic = 0x6969;
#endif

} // namespace

bool flock_is_independent(int fd, dev_t device)
{
#if defined(__linux__)
    // A filesystem on a block device (major number not 0) is not NFS: no
    // fstatfs needed on the common path. NFS, like tmpfs, btrfs and FUSE,
    // has an anonymous device.
    if (major(device) != 0)
        return true;
    struct statfs fs {};
    return ::fstatfs(fd, &fs) != 0 || fs.f_type != nfs_super_magic;
#else
    (void)fd; // BSD and macOS build flock and fcntl locks on one lock
    (void)device;
    return false;
#endif
}

boost::system::error_code try_flock(int fd, lock_mode mode)
{
    const int operation = (mode == lock_mode::exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
    int result;
    do
        result = ::flock(fd, operation);
    while (result != 0 && errno == EINTR);
    if (result == 0)
        return {};
    return errno == EWOULDBLOCK ? make_error_code(error::already_locked) : last_system_error();
}

void flock_unlock(int fd) noexcept
{
    ::flock(fd, LOCK_UN);
}

void lend_descriptor(boost::interprocess::file_lock& lock, int fd) noexcept
{
    lock.*handle_member() = fd;
}

void take_back_descriptor(boost::interprocess::file_lock& lock) noexcept
{
    lock.*handle_member() = boost::interprocess::ipcdetail::invalid_file();
}

boost::system::error_code try_fcntl_lock(boost::interprocess::file_lock& lock, lock_mode mode)
{
    try {
        const bool acquired =
            mode == lock_mode::exclusive ? lock.try_lock() : lock.try_lock_sharable();
        return acquired ? boost::system::error_code() : make_error_code(error::already_locked);
    } catch (const boost::interprocess::interprocess_exception& e) {
        return from_boost(e);
    }
}

void fcntl_unlock(boost::interprocess::file_lock& lock, lock_mode mode) noexcept
{
    try {
        if (mode == lock_mode::exclusive)
            lock.unlock();
        else
            lock.unlock_sharable();
    } catch (const boost::interprocess::interprocess_exception&) {
        // Unlocking a lock that is held cannot fail; closing the descriptor
        // right after drops it anyway.
    }
}

} // namespace detail
} // namespace lockfile
