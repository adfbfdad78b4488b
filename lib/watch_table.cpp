// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The inotify watches of waited-for files, and the wake-ups they bring.
#include "watch_table.hpp"

#include "inotify.hpp"
#include "lock_entry.hpp"

namespace lockfile {
namespace detail {

int watch_table::event_reader_for(const std::shared_ptr<lock_entry>& entry)
{
    if (watch_of_entry_.count(entry.get()) == 0) {
        const int watch = inotify::add_watch(entry->file());
        if (watch < 0)
            return -1;
        entry_of_watch_[watch] = entry;
        watch_of_entry_[entry.get()] = watch;
    }
    return inotify::new_reader();
}

void watch_table::forget(const lock_entry& entry) noexcept
{
    const auto it = watch_of_entry_.find(&entry);
    if (it == watch_of_entry_.end())
        return;
    entry_of_watch_.erase(it->second);
    if (entry.opened_here()) // a forked child shares its parent's watches
        inotify::remove_watch(it->second);
    watch_of_entry_.erase(it);
}

void watch_table::on_events(const char* data, std::size_t size) noexcept
{
    inotify::for_each_event(data, size, [this](int watch, bool removed) {
        const auto it = entry_of_watch_.find(watch);
        if (it == entry_of_watch_.end())
            return;
        const auto entry = it->second.lock();
        if (removed) { // the kernel dropped the watch: the file is gone
            entry_of_watch_.erase(it);
            for (auto mine = watch_of_entry_.begin(); mine != watch_of_entry_.end(); ++mine)
                if (mine->second == watch) {
                    watch_of_entry_.erase(mine);
                    break;
                }
        }
        if (entry && !entry->held())
            entry->waiters().wake_head();
    });
}

} // namespace detail
} // namespace lockfile
