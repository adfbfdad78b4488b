// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// LockFileEx on byte 0, as zc.lockfile locks on Windows.
#include "../kernel_lock.hpp"

#include <lockfile/error.hpp>

#include <windows.h>

namespace lockfile {
namespace detail {

namespace {

// Byte 0, length 1: zc.lockfile's lock (msvcrt.locking) on Windows. Boost's
// file_lock locks the whole file, which overlaps it, so the two exclude
// each other too.
OVERLAPPED byte_zero()
{
    return OVERLAPPED{};
}

} // namespace

kernel_lock::kernel_lock(native_file file, const file_id&) noexcept : file_(file) {}

kernel_lock::~kernel_lock() = default;

boost::system::error_code kernel_lock::try_lock(lock_mode mode, lock_owner owner)
{
    if (owner != lock_owner::process) // a handle's locks cannot be shared with a child
        return make_error_code(boost::system::errc::not_supported);
    OVERLAPPED where = byte_zero();
    const DWORD flags =
        LOCKFILE_FAIL_IMMEDIATELY | (mode == lock_mode::exclusive ? LOCKFILE_EXCLUSIVE_LOCK : 0);
    if (::LockFileEx(file_, flags, 0, 1, 0, &where)) {
        mode_ = mode;
        return {};
    }
    const DWORD code = ::GetLastError();
    if (code == ERROR_LOCK_VIOLATION || code == ERROR_SHARING_VIOLATION)
        return make_error_code(error::already_locked);
    return {static_cast<int>(code), boost::system::system_category()};
}

void kernel_lock::unlock() noexcept
{
    OVERLAPPED where = byte_zero();
    ::UnlockFileEx(file_, 0, 1, 0, &where);
}

// A blocking LockFileEx would leave byte 0 locked by this handle, which the
// next try_lock could not take again: waiters sleep on their timer instead.
bool kernel_lock::takes_flock(lock_owner) const noexcept
{
    return false;
}

boost::system::error_code kernel_lock::wait_flock(lock_mode, lock_owner) const
{
    return make_error_code(boost::system::errc::not_supported);
}

void kernel_lock::drop_waited_flock() noexcept {}

void kernel_lock::unlock_before_close() noexcept
{
    unlock();
}

} // namespace detail
} // namespace lockfile
