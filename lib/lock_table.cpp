// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The table of this process's lock files.
#include "lock_table.hpp"

namespace lockfile {
namespace detail {

std::shared_ptr<lock_entry> lock_table::find(const file_id& id) const
{
    const auto it = entries_.find(id);
    if (it == entries_.end() || !it->second->opened_here())
        return nullptr;
    return it->second;
}

void lock_table::insert(const std::shared_ptr<lock_entry>& entry)
{
    entries_.insert_or_assign(entry->id(), entry);
}

void lock_table::erase(const lock_entry& entry) noexcept
{
    const auto it = entries_.find(entry.id());
    if (it != entries_.end() && it->second.get() == &entry)
        entries_.erase(it);
}

void lock_table::let_go_after_fork() noexcept
{
    for (const auto& [id, entry] : entries_)
        entry->let_go_after_fork();
}

} // namespace detail
} // namespace lockfile
