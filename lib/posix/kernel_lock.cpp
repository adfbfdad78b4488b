#include "../kernel_lock.hpp"

#include "../lock_families.hpp"
#include "../process.hpp"

#include <lockfile/error.hpp>

#include <boost/interprocess/exceptions.hpp>

#include <sys/file.h>

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

boost::system::error_code try_fcntl_lock(boost::interprocess::file_lock& lock, lock_mode mode)
{
    try {
        const bool acquired =
            mode == lock_mode::exclusive ? lock.try_lock() : lock.try_lock_sharable();
        return acquired ? boost::system::error_code() : make_error_code(error::already_locked);
    } catch (const boost::interprocess::interprocess_exception& e) {
        return {e.get_native_error(), boost::system::system_category()};
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

} // namespace

kernel_lock::kernel_lock(native_file file, const file_id& id) noexcept
    : file_(file), fcntl_only_(lock_families_of(file, id.device) == lock_families::fcntl_only)
{
    fcntl_lock_.*handle_member() = file;
}

kernel_lock::~kernel_lock()
{
    // Boost would close the descriptor, which belongs to the library.
    fcntl_lock_.*handle_member() = boost::interprocess::ipcdetail::invalid_file();
}

boost::system::error_code kernel_lock::try_lock(lock_mode mode)
{
    if (!fcntl_only_) {
        if (const auto ec = try_flock(file_, mode))
            return ec;
        flock_held_ = true;
    }
    const auto ec = try_fcntl_lock(fcntl_lock_, mode);
    if (ec && flock_held_) {
        ::flock(file_, LOCK_UN);
        flock_held_ = false;
    }
    if (!ec) {
        mode_ = mode;
        forks_at_lock_ = fork_count();
    }
    return ec;
}

void kernel_lock::unlock() noexcept
{
    fcntl_unlock(fcntl_lock_, mode_);
    if (flock_held_)
        ::flock(file_, LOCK_UN);
    flock_held_ = false;
}

void kernel_lock::unlock_before_close() noexcept
{
    if (forks_at_lock_ != fork_count())
        unlock();
}

} // namespace detail
} // namespace lockfile
