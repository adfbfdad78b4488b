#include "kernel_locks.hpp"

#include "posix_file.hpp"

#include <lockfile/error.hpp>

#include <boost/interprocess/exceptions.hpp>

#include <fcntl.h>
#include <sys/file.h>
#if defined(__linux__)
#include <sys/vfs.h>
#endif

#include <cerrno>
#include <utility>

namespace lockfile {
namespace detail {

namespace {

// boost::interprocess::file_lock opens its descriptor without O_CLOEXEC and
// offers no accessor for it. The library needs it: to mark it close-on-exec
// (a program exec'd by the holder must not inherit it), to prove that Boost
// opened the file the library locked with flock (the path may have been
// replaced between the two opens), and to keep it open when it names a file
// this process holds (closing it would drop that fcntl lock). The member is
// reached through an explicit instantiation, where access checking does not
// apply; if Boost renames it, this stops compiling rather than misbehaving.
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

bool flock_is_independent(int fd)
{
#if defined(__linux__)
    struct statfs fs {};
    return ::fstatfs(fd, &fs) != 0 || fs.f_type != nfs_super_magic;
#else
    (void)fd; // BSD and macOS build flock and fcntl locks on one lock
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

boost::system::error_code open_fcntl_lock(const boost::filesystem::path& path,
                                          boost::interprocess::file_lock& lock)
{
    try {
        boost::interprocess::file_lock opened(path.c_str());
        if (::fcntl(fcntl_lock_descriptor(opened), F_SETFD, FD_CLOEXEC) != 0)
            return last_system_error();
        lock = std::move(opened);
        return {};
    } catch (const boost::interprocess::interprocess_exception& e) {
        return from_boost(e);
    }
}

int fcntl_lock_descriptor(const boost::interprocess::file_lock& lock)
{
    return lock.*handle_member();
}

int detach_fcntl_lock_descriptor(boost::interprocess::file_lock& lock)
{
    return std::exchange(lock.*handle_member(), boost::interprocess::ipcdetail::invalid_file());
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
