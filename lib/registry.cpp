// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#include "registry.hpp"

#include "inotify.hpp"
#include "kernel_lock.hpp"
#include "process.hpp"

#include <lockfile/error.hpp>

#include <algorithm>
#include <utility>

namespace lockfile {
namespace detail {

namespace {

// How often the path may turn out to name another file than the one just
// locked (someone deleting or replacing it) before an attempt gives up.
constexpr int max_replaced_attempts = 8;

bool path_names(const boost::filesystem::path& path, const file_id& id)
{
    boost::system::error_code ec;
    file_id now;
    return identify_path(path, now, ec) && now == id;
}

bool is_head(const lock_entry& entry, const waiter& w)
{
    return !entry.waiters.empty() && entry.waiters.front() == &w;
}

void dequeue(lock_entry& entry, waiter& w)
{
    entry.waiters.erase(std::remove(entry.waiters.begin(), entry.waiters.end(), &w),
                        entry.waiters.end());
}

} // namespace

registry& registry::instance()
{
    // Never destroyed: lock objects with static storage may release after
    // main returns.
    static registry* const instance = new registry;
    return *instance;
}

registry::registry()
{
#if !defined(_WIN32)
    // A fork() while another thread holds the mutex would leave it locked
    // forever in the child.
    on_fork([] { instance().mutex_.lock(); }, [] { instance().mutex_.unlock(); },
            [] {
                instance().let_go_after_fork();
                instance().mutex_.unlock();
            });
#endif
}

std::shared_ptr<lock_entry> registry::find(const file_id& id) const
{
    const auto it = entries_.find(id);
    if (it == entries_.end() || it->second->owner != current_pid())
        return nullptr; // a forked child starts with no lock of its parent's
    return it->second;
}

// In a forked child, before anything else runs: the descriptors of the
// parent's process-owned locks are closed, so that the child holds no part
// of them (the flock lives on the open file description, which the child
// would otherwise keep after the parent released or exited). Locks owned by
// the description are shared with the child by design. The entries stay,
// for the child's copies of lock objects to let go of (release closes
// nothing more); find() no longer sees them. Only close(2) here: the child
// of a multithreaded process may not allocate.
void registry::let_go_after_fork() noexcept
{
    for (const auto& [id, entry] : entries_) {
        const bool shared_with_child = entry->holders > 0 && entry->locks &&
                                       entry->locks->owner() == lock_owner::open_file_description;
        if (shared_with_child || entry->file == invalid_file())
            continue;
        boost::system::error_code ignored;
        for (native_file& parked : entry->parked)
            close_file(std::exchange(parked, invalid_file()), ignored);
        close_file(std::exchange(entry->file, invalid_file()), ignored);
    }
}

template <class Open>
std::shared_ptr<lock_entry> registry::find_or_open(const boost::filesystem::path& path, Open open,
                                                   native_file& file, file_id& id,
                                                   boost::system::error_code& ec)
{
    // Looking first, without opening: the common in-process conflict costs
    // one lstat and no descriptor. With no entry there is nothing to find.
    file_id seen;
    if (!entries_.empty() && identify_path(path, seen, ec))
        if (auto known = find(seen))
            return known;
    file = open(path, id, ec);
    if (file == invalid_file())
        return nullptr;
    auto known = find(id); // the path was replaced by a known file in between
    if (known) {
        known->parked.push_back(file);
        file = invalid_file();
    }
    return known;
}

std::shared_ptr<lock_entry> registry::acquire(const boost::filesystem::path& path,
                                              const simple_lock_options& options,
                                              boost::system::error_code& ec)
{
    std::lock_guard<std::mutex> guard(mutex_);
    return lock_path(path, options, nullptr, ec);
}

std::shared_ptr<lock_entry> registry::lock_path(const boost::filesystem::path& path,
                                                const simple_lock_options& options, waiter* w,
                                                boost::system::error_code& ec)
{
    if ((options.permissions & ~boost::filesystem::all_all) != boost::filesystem::no_perms) {
        // setuid, setgid, sticky or Boost's modifier bits: never on a lock file.
        ec = boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
        return nullptr;
    }
    boost::system::error_code write_refused;
    const auto open = [&](const boost::filesystem::path& p, file_id& id,
                          boost::system::error_code& e) {
        return open_lock_file(p, options.permissions, options.mode, id, write_refused, e);
    };
    const auto contention = [&](const std::shared_ptr<lock_entry>& entry) {
        if (w) {
            entry->waiters.push_back(w);
            w->queued_on = entry;
        }
        ec = error::already_locked;
        return nullptr;
    };
    for (int attempt = 0; attempt < max_replaced_attempts; ++attempt) {
        native_file file = invalid_file();
        file_id id;
        auto entry = find_or_open(path, open, file, id, ec);
        if (!entry && file == invalid_file())
            return nullptr;
        const bool fresh = !entry;
        if (fresh) {
            entry = std::make_shared<lock_entry>();
            entry->id = id;
            entry->file = file;
            entry->locks.emplace(file, id);
            entry->owner = current_pid();
            entry->write_refused = write_refused;
        }
        if (entry->owner != current_pid()) {
            ec = error::already_locked; // a forked child: the parent's file
            return nullptr;
        }
        if (entry->holders > 0) {
            const bool joinable = options.mode == lock_mode::shared &&
                                  entry->locks->mode() == lock_mode::shared &&
                                  options.owner == entry->locks->owner() &&
                                  (!w || entry->waiters.empty());
            if (!joinable)
                return contention(entry);
            ++entry->holders;
            ec.clear();
            return entry;
        }
        if (w && !entry->waiters.empty())
            return contention(entry); // first come, first served
        ec = take(path, *entry, options);
        if (fresh && (!ec || (ec == error::already_locked && w)))
            entries_.insert_or_assign(id, entry); // over a parent's, in a forked child
        if (!ec)
            return entry;
        if (ec == error::already_locked && w)
            return contention(entry); // its descriptors stay open while it waits
        if (fresh) {
            boost::system::error_code ignored;
            entry->mapped = false;
            close_entry(entry, ignored);
        } else if (ec == error::file_replaced) {
            retire(*entry);
        }
        if (ec != error::file_replaced)
            return nullptr;
    }
    return nullptr;
}

boost::system::error_code registry::take(const boost::filesystem::path& path, lock_entry& entry,
                                         const simple_lock_options& options)
{
    const boost::system::error_code ec = lock_kernel(path, entry, options);
    if (!ec)
        entry.holders = 1;
    return ec;
}

boost::system::error_code registry::lock_kernel(const boost::filesystem::path& path,
                                                lock_entry& entry,
                                                const simple_lock_options& options)
{
    if (options.mode == lock_mode::exclusive && entry.write_refused)
        return entry.write_refused; // open read-only for a shared lock: as open(2) said
    boost::system::error_code ec = entry.locks->try_lock(options.mode, options.owner);
    // Locked: the path must still name this file, or a newcomer could lock
    // a new file there while we believe we hold the lock.
    if (!ec && !path_names(path, entry.id)) {
        entry.locks->unlock();
        ec = error::file_replaced;
    }
    return ec;
}

std::shared_ptr<lock_entry> registry::acquire_or_wait(waiter& w, bool& watching,
                                                      boost::system::error_code& ec)
{
    std::lock_guard<std::mutex> guard(mutex_);
    watching = false;
    if (w.queued_on && w.queued_on->owner != current_pid()) // a forked child's copy: afresh
        w.queued_on = nullptr;
    if (w.handed) {
        ec.clear();
        return std::exchange(w.handed, nullptr);
    }
    if (const auto entry = w.queued_on) {
        if (entry->holders > 0 || !is_head(*entry, w)) {
            ec = error::already_locked; // queued behind this process's holder or waiters
            return nullptr;
        }
        ec = take(w.path, *entry, w.options);
        if (!ec) {
            dequeue(*entry, w);
            w.queued_on = nullptr;
            hand_over(entry); // shared waiters behind it join
            return entry;
        }
        if (ec == error::already_locked) {
            watching = true;
            return nullptr;
        }
        if (ec == error::file_replaced) {
            retire(*entry); // every waiter, this one too, starts afresh
        } else {
            dequeue(*entry, w);
            w.queued_on = nullptr;
            give_up(entry);
            return nullptr;
        }
    }
    auto entry = lock_path(w.path, w.options, &w, ec);
    watching = !entry && ec == error::already_locked && w.queued_on && w.queued_on->holders == 0 &&
               is_head(*w.queued_on, w);
    return entry;
}

void registry::leave(waiter& w) noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    if (const auto handed = std::exchange(w.handed, nullptr)) {
        --handed->holders;
        if (handed->holders == 0)
            hand_over(handed);
    }
    if (const auto entry = std::exchange(w.queued_on, nullptr)) {
        const bool was_head = is_head(*entry, w);
        dequeue(*entry, w);
        if (was_head && entry->holders == 0 && !entry->waiters.empty())
            entry->waiters.front()->wake(); // the next one watches now
        give_up(entry);
    }
}

// Called when the last holder has gone: the lock goes to the first waiter,
// without touching the kernel's locks if the mode allows, else it is
// unlocked and the first waiter retries.
void registry::hand_over(const std::shared_ptr<lock_entry>& entry)
{
    const auto& queue = entry->waiters;
    while (!queue.empty()) {
        waiter* next = queue.front();
        const bool same_kind = next->options.mode == entry->locks->mode() &&
                               next->options.owner == entry->locks->owner();
        const bool joins = entry->holders == 0 || entry->locks->mode() == lock_mode::shared;
        if (entry->holders > 0 && !(same_kind && joins))
            return; // held: the rest wait for the release
        if (entry->holders == 0 && !same_kind) {
            entry->locks->unlock();
            next->wake(); // it retries with its own mode
            return;
        }
        entry->waiters.erase(entry->waiters.begin());
        next->queued_on = nullptr;
        next->handed = entry;
        ++entry->holders;
        next->wake();
        if (entry->locks->mode() == lock_mode::exclusive)
            return;
    }
    if (entry->holders == 0) {
        entry->locks->unlock();
        boost::system::error_code ignored;
        close_entry(entry, ignored);
    }
}

// An entry that nobody holds and nobody waits for is closed.
void registry::give_up(const std::shared_ptr<lock_entry>& entry) noexcept
{
    if (entry->holders == 0 && entry->waiters.empty()) {
        boost::system::error_code ignored;
        close_entry(entry, ignored);
    }
}

// The file was replaced at its path: its waiters start afresh on the new
// file, and no newcomer finds the old one.
void registry::retire(lock_entry& entry) noexcept
{
    const auto self = find(entry.id);
    if (self.get() == &entry)
        entries_.erase(entry.id);
    entry.mapped = false;
    for (waiter* w : entry.waiters) {
        w->queued_on = nullptr;
        w->wake();
    }
    entry.waiters.clear();
    if (self.get() == &entry)
        give_up(self);
}

void registry::close_entry(const std::shared_ptr<lock_entry>& entry,
                           boost::system::error_code& ec) noexcept
{
    if (entry->mapped) {
        const auto it = entries_.find(entry->id);
        if (it != entries_.end() && it->second == entry)
            entries_.erase(it);
        entry->mapped = false;
    }
    if (entry->watch >= 0) {
        watched_.erase(entry->watch);
        if (entry->owner == current_pid()) // a forked child shares the parent's watches
            inotify::remove_watch(entry->watch);
        entry->watch = -1;
    }
    entry->locks.reset();
    boost::system::error_code ignored;
    for (const native_file parked : entry->parked)
        close_file(parked, ignored);
    entry->parked.clear();
    if (entry->file != invalid_file()) // closed already in a forked child
        close_file(entry->file, ec);
    entry->file = invalid_file();
}

void registry::release(const std::shared_ptr<lock_entry>& entry,
                       boost::system::error_code& ec) noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    ec.clear();
    if (--entry->holders > 0)
        return;
    if (entry->owner != current_pid()) {
        // A forked child's copy: close without unlocking, which would drop
        // the parent's lock (they share the open file description).
        entry->waiters.clear();
        close_entry(entry, ec);
        return;
    }
    if (!entry->waiters.empty()) {
        hand_over(entry);
        return;
    }
    entry->locks->unlock_before_close();
    close_entry(entry, ec);
}

int registry::watch_descriptor(waiter& w)
{
    std::lock_guard<std::mutex> guard(mutex_);
    const auto entry = w.queued_on;
    if (!entry || entry->holders > 0 || !is_head(*entry, w))
        return -1;
    if (entry->watch < 0) {
        entry->watch = inotify::add_watch(entry->file);
        if (entry->watch < 0)
            return -1;
        watched_[entry->watch] = entry;
    }
    return inotify::new_reader();
}

void registry::on_watch_events(const char* data, std::size_t size) noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    inotify::for_each_event(data, size, [this](int watch, bool removed) {
        const auto it = watched_.find(watch);
        if (it == watched_.end())
            return;
        const auto entry = it->second.lock();
        if (removed) {
            watched_.erase(it);
            if (entry)
                entry->watch = -1;
        }
        if (entry && entry->holders == 0 && !entry->waiters.empty())
            entry->waiters.front()->wake();
    });
}

std::string registry::read_file(const boost::filesystem::path& path, boost::system::error_code& ec)
{
    std::lock_guard<std::mutex> guard(mutex_);
    native_file file = invalid_file();
    file_id id;
    if (const auto known = find_or_open(path, open_for_reading, file, id, ec))
        return read_all(known->file, ec);
    if (file == invalid_file())
        return {};
    std::string content = read_all(file, ec);
    boost::system::error_code ignored;
    close_file(file, ignored);
    return content;
}

} // namespace detail
} // namespace lockfile
