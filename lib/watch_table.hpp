// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_WATCH_TABLE_HPP_INCLUDED
#define LOCKFILE_LIB_WATCH_TABLE_HPP_INCLUDED

// Early wake-up: which waited-for file each inotify watch stands for. The
// head waiter of a file that nobody in this process holds watches it for the
// close of any descriptor (a holder elsewhere letting go), and is woken by
// it rather than by its timer. Where there is no inotify, there are no
// watches, and waiters rely on their timer. The registry's mutex guards it.

#include <cstddef>
#include <map>
#include <memory>

namespace lockfile {
namespace detail {

class lock_entry;

class watch_table {
public:
    // A new descriptor to read the process's inotify events from (the caller
    // closes it), with the entry's file watched; -1 if it cannot be watched.
    int event_reader_for(const std::shared_ptr<lock_entry>& entry);
    // The entry is being closed: its watch goes.
    void forget(const lock_entry& entry) noexcept;
    // Wakes the head waiter of each watched file named in the events read,
    // unless the file is held here (its hand-over wakes them).
    void on_events(const char* data, std::size_t size) noexcept;

private:
    std::map<int, std::weak_ptr<lock_entry>> entry_of_watch_;
    std::map<const lock_entry*, int> watch_of_entry_;
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_WATCH_TABLE_HPP_INCLUDED
