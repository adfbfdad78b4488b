// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// flock(2) and fcntl locks on one descriptor, taken and released together.
#include "../kernel_lock.hpp"

#include "filesystem_type.hpp"
#include "../process.hpp"

#include <lockfile/error.hpp>

#include <boost/interprocess/exceptions.hpp>

#include <fcntl.h>
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

#if defined(F_OFD_SETLK)
// An OFD lock (Linux 3.15+) on the whole file: it belongs to the open file
// description, as a flock does, and conflicts with every other process's
// classic fcntl locks, so the fcntl family of peers sees it.
int set_ofd_lock(int fd, short type)
{
    struct flock whole {}; // from offset 0, length 0: the whole file; l_pid must be 0
    whole.l_type = type;
    whole.l_whence = SEEK_SET;
    int result;
    do
        result = ::fcntl(fd, F_OFD_SETLK, &whole);
    while (result != 0 && errno == EINTR);
    return result;
}

boost::system::error_code try_ofd_lock(int fd, lock_mode mode)
{
    if (set_ofd_lock(fd, mode == lock_mode::exclusive ? F_WRLCK : F_RDLCK) == 0)
        return {};
    return errno == EAGAIN || errno == EACCES ? make_error_code(error::already_locked)
                                              : last_system_error();
}
#endif

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

// Where there are no OFD locks (FreeBSD, macOS), flock and fcntl locks are
// one family: a flock alone is seen by both and owned by the description.
bool kernel_lock::takes_flock(lock_owner owner) const noexcept
{
#if !defined(F_OFD_SETLK)
    if (owner == lock_owner::open_file_description)
        return true;
#else
    (void)owner;
#endif
    return !fcntl_only_;
}

boost::system::error_code kernel_lock::try_fcntl_half(lock_mode mode, lock_owner owner)
{
    if (owner == lock_owner::process)
        return try_fcntl_lock(fcntl_lock_, mode);
#if defined(F_OFD_SETLK)
    return try_ofd_lock(file_, mode);
#else
    (void)mode;
    return {};
#endif
}

void kernel_lock::unlock_fcntl_half() noexcept
{
    if (owner_ == lock_owner::process)
        fcntl_unlock(fcntl_lock_, mode_);
#if defined(F_OFD_SETLK)
    else
        set_ofd_lock(file_, F_UNLCK);
#endif
}

boost::system::error_code kernel_lock::try_lock(lock_mode mode, lock_owner owner)
{
    if (takes_flock(owner)) {
        if (const auto ec = try_flock(file_, mode))
            return ec;
        flock_held_ = true;
    }
    const auto ec = try_fcntl_half(mode, owner);
    if (ec && flock_held_) {
        ::flock(file_, LOCK_UN);
        flock_held_ = false;
    }
    if (!ec) {
        mode_ = mode;
        owner_ = owner;
        forks_at_lock_ = fork_count();
    }
    return ec;
}

void kernel_lock::unlock() noexcept
{
    unlock_fcntl_half();
    if (flock_held_)
        ::flock(file_, LOCK_UN);
    flock_held_ = false;
}

boost::system::error_code kernel_lock::wait_flock(lock_mode mode, lock_owner owner) const
{
    if (!takes_flock(owner))
        return make_error_code(boost::system::errc::not_supported);
    if (::flock(file_, mode == lock_mode::exclusive ? LOCK_EX : LOCK_SH) != 0)
        return last_system_error();
    return {};
}

void kernel_lock::drop_waited_flock() noexcept
{
    ::flock(file_, LOCK_UN);
}

void kernel_lock::unlock_before_close() noexcept
{
    if (owner_ == lock_owner::process && forks_at_lock_ != fork_count())
        unlock();
}

} // namespace detail
} // namespace lockfile
