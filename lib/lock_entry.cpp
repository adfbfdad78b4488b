// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// One file's descriptors and locks in this process, and their closing.
#include "lock_entry.hpp"

#include "process.hpp"

#include <utility>

namespace lockfile {
namespace detail {

lock_entry::lock_entry(const file_id& id, native_file file,
                       boost::system::error_code write_refused)
    : id_(id), file_(file), opener_pid_(current_pid()), write_refused_(write_refused)
{
    locks_.emplace(file, id);
}

bool lock_entry::opened_here() const noexcept
{
    return opener_pid_ == current_pid();
}

void lock_entry::close(boost::system::error_code& ec) noexcept
{
    locks_.reset();
    boost::system::error_code ignored;
    for (const native_file parked : parked_)
        if (parked != invalid_file()) // closed already in a forked child
            close_file(parked, ignored);
    parked_.clear();
    if (file_ != invalid_file()) // closed already in a forked child
        close_file(std::exchange(file_, invalid_file()), ec);
}

void lock_entry::let_go_after_fork() noexcept
{
    const bool shared_with_child =
        held() && locks_ && locks_->owner() == lock_owner::open_file_description;
    if (shared_with_child || file_ == invalid_file())
        return;
    boost::system::error_code ignored;
    for (native_file& parked : parked_)
        close_file(std::exchange(parked, invalid_file()), ignored);
    close_file(std::exchange(file_, invalid_file()), ignored);
}

} // namespace detail
} // namespace lockfile
