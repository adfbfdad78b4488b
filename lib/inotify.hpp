// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_INOTIFY_HPP_INCLUDED
#define LOCKFILE_LIB_INOTIFY_HPP_INCLUDED

// Early wake-up for waiters on Linux: one inotify instance per process
// (created on first use, never closed: closing one costs milliseconds in the
// kernel, and a user may have only 128), a watch per waited-for file for the
// close of any of its descriptors. Elsewhere every call reports "none", and
// waiters rely on their timer.

#include "native_file.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace lockfile {
namespace detail {
namespace inotify {

#if defined(__linux__) // lib/linux/inotify.cpp
// Watches the file open at `file`; returns the watch descriptor, or -1.
int add_watch(native_file file);
void remove_watch(int watch) noexcept;

// A new close-on-exec descriptor of the instance, for one reader to read
// events from (closing it is cheap: the instance stays); -1 if none.
int new_reader();

// Calls f(watch, removed) for each event in what was read; `removed` when
// the kernel dropped the watch (the file is gone).
void for_each_event(const char* data, std::size_t size,
                    const std::function<void(int watch, bool removed)>& f);
#else // no inotify: waiters wait on their timer
inline int add_watch(native_file)
{
    return -1;
}
inline void remove_watch(int) noexcept {}
inline int new_reader()
{
    return -1;
}
inline void for_each_event(const char*, std::size_t, const std::function<void(int, bool)>&) {}
#endif

} // namespace inotify
} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_INOTIFY_HPP_INCLUDED
