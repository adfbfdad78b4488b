// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Acquiring, waiting for and releasing lock files, under the process's one
// mutex: the table, the entries, their queues and watches put together.
#include "registry.hpp"

#include "anchored_path.hpp"
#include "process.hpp"

#include <lockfile/error.hpp>

#include <utility>

namespace lockfile {
namespace detail {

namespace {

// How often the path may turn out to name another file than the one just
// locked (someone deleting or replacing it) before an attempt gives up.
constexpr int max_replaced_attempts = 8;

// Whether `w` heads the queue of a file that nobody here holds: the one
// waiter that retries the kernel's locks itself (and watches the file).
bool retries_kernel_locks(const waiter& w) noexcept
{
    const auto& entry = w.queued_on;
    return entry && !entry->held() && entry->waiters().is_head(w);
}

// setuid, setgid, sticky or Boost's modifier bits: never on a lock file.
bool has_special_bits(boost::filesystem::perms permissions)
{
    return (permissions & ~boost::filesystem::all_all) != boost::filesystem::no_perms;
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
    // A fork() while another thread holds the mutex would leave it locked
    // forever in the child.
    on_fork([] { instance().mutex_.lock(); }, [] { instance().mutex_.unlock(); },
            [] {
                instance().table_.let_go_after_fork();
                instance().mutex_.unlock();
            });
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
    for (int attempt = 0; attempt < max_replaced_attempts; ++attempt) {
        bool fresh = false;
        const auto entry = open_entry(path, options, fresh, ec);
        if (!entry)
            return nullptr;
        auto locked = lock_entry_at(path, entry, fresh, options, w, ec);
        if (ec != error::file_replaced)
            return locked;
    }
    return nullptr;
}

// The entry of the file at `path`: this process's, or a fresh one (not yet
// in the table) for the file just opened.
std::shared_ptr<lock_entry> registry::open_entry(const boost::filesystem::path& path,
                                                 const simple_lock_options& options, bool& fresh,
                                                 boost::system::error_code& ec)
{
    if (has_special_bits(options.permissions)) {
        ec = boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
        return nullptr;
    }
    boost::system::error_code write_refused;
    const auto open = [&](const boost::filesystem::path& p, file_id& id,
                          boost::system::error_code& e) {
        return open_lock_file(p, options.permissions, options.mode, id, write_refused, e);
    };
    native_file file = invalid_file();
    file_id id;
    auto entry = table_.find_or_open(path, open, file, id, ec);
    fresh = !entry && file != invalid_file();
    if (fresh)
        entry = std::make_shared<lock_entry>(id, file, write_refused);
    return entry;
}

// One attempt on the entry: join its shared holders, queue behind them or
// its waiters, or take the kernel's locks.
std::shared_ptr<lock_entry> registry::lock_entry_at(const boost::filesystem::path& path,
                                                    const std::shared_ptr<lock_entry>& entry,
                                                    bool fresh, const simple_lock_options& options,
                                                    waiter* w, boost::system::error_code& ec)
{
    if (entry->held()) {
        kernel_lock& locks = entry->locks();
        const bool joinable = options.mode == lock_mode::shared &&
                              locks.mode() == lock_mode::shared && options.owner == locks.owner() &&
                              (!w || entry->waiters().empty());
        if (!joinable)
            return contention(entry, w, ec);
        entry->add_holder();
        ec.clear();
        return entry;
    }
    if ((w && !entry->waiters().empty()) || entry->kernel_waiter())
        return contention(entry, w, ec); // first come, first served
    ec = take(path, *entry, options);
    if (fresh && (!ec || (ec == error::already_locked && w)))
        table_.insert(entry);
    if (!ec)
        return entry;
    if (ec == error::already_locked && w)
        return contention(entry, w, ec); // its descriptors stay open while it waits
    if (fresh) {
        boost::system::error_code ignored;
        close_entry(entry, ignored);
    } else if (ec == error::file_replaced) {
        retire(entry);
    }
    return nullptr;
}

// The kernel's locks for one more holder (the first), if the path still
// names the file once they are held: else a newcomer could lock a new file
// there while we believe we hold the lock.
boost::system::error_code registry::take(const boost::filesystem::path& path, lock_entry& entry,
                                         const simple_lock_options& options)
{
    if (options.mode == lock_mode::exclusive && entry.write_refused())
        return entry.write_refused(); // open read-only for a shared lock: as open(2) said
    boost::system::error_code ec = entry.locks().try_lock(options.mode, options.owner);
    if (!ec && !path_names(path, entry.id())) {
        entry.locks().unlock();
        ec = error::file_replaced;
    }
    if (!ec)
        entry.add_holder();
    return ec;
}

std::shared_ptr<lock_entry> registry::contention(const std::shared_ptr<lock_entry>& entry,
                                                 waiter* w, boost::system::error_code& ec)
{
    if (w)
        entry->waiters().join(*w, entry);
    ec = error::already_locked;
    return nullptr;
}

std::shared_ptr<lock_entry> registry::acquire_or_wait(waiter& w, bool& watching,
                                                      boost::system::error_code& ec)
{
    std::lock_guard<std::mutex> guard(mutex_);
    return acquire_or_wait_locked(w, watching, ec);
}

std::shared_ptr<lock_entry> registry::acquire_in_kernel(waiter& w, bool& watching,
                                                        boost::system::error_code& ec)
{
    std::unique_lock<std::mutex> guard(mutex_);
    const auto entry = w.queued_on;
    if (w.handed)
        return acquire_or_wait_locked(w, watching, ec);
    watching = retries_kernel_locks(w);
    if (!watching || !entry->opened_here() || !entry->locks().takes_flock(w.options.owner)) {
        // No wait here: the caller's sleep, which a hand-over or a move up
        // the queue ends, comes before the next attempt.
        ec = error::already_locked;
        return nullptr;
    }
    entry->set_kernel_waiter(true);
    guard.unlock();
    const auto waited = entry->locks().wait_flock(w.options.mode, w.options.owner);
    guard.lock();
    entry->set_kernel_waiter(false);
    if (w.queued_on != entry) { // the file was replaced meanwhile: afresh
        if (!waited)
            entry->locks().drop_waited_flock();
        close_if_idle(entry);
    }
    return acquire_or_wait_locked(w, watching, ec); // finds the flock taken
}

std::shared_ptr<lock_entry> registry::acquire_or_wait_locked(waiter& w, bool& watching,
                                                             boost::system::error_code& ec)
{
    watching = false;
    if (w.queued_on && !w.queued_on->opened_here()) // a forked child's copy: afresh
        w.queued_on = nullptr;
    if (w.handed) {
        ec.clear();
        return std::exchange(w.handed, nullptr);
    }
    if (const auto entry = w.queued_on) {
        if (!retries_kernel_locks(w)) {
            ec = error::already_locked; // queued behind this process's holder or waiters
            return nullptr;
        }
        ec = take(w.path, *entry, w.options);
        if (ec == error::already_locked) {
            watching = true;
            return nullptr;
        }
        if (ec != error::file_replaced) {
            entry->waiters().leave(w);
            if (!ec) {
                hand_over(entry); // shared waiters behind it join
                return entry;
            }
            close_if_idle(entry);
            return nullptr;
        }
        retire(entry); // every waiter, this one too, starts afresh
    }
    auto entry = lock_path(w.path, w.options, &w, ec);
    watching = !entry && ec == error::already_locked && retries_kernel_locks(w);
    return entry;
}

void registry::leave(waiter& w) noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    if (const auto handed = std::exchange(w.handed, nullptr))
        if (handed->drop_holder() == 0)
            pass_on(handed);
    if (const auto entry = w.queued_on) {
        const bool was_head = entry->waiters().leave(w);
        if (was_head && !entry->held())
            entry->waiters().wake_head(); // the next one watches now
        close_if_idle(entry);
    }
}

void registry::release(const std::shared_ptr<lock_entry>& entry,
                       boost::system::error_code& ec) noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    ec.clear();
    if (entry->drop_holder() > 0)
        return;
    if (!entry->opened_here()) {
        // A forked child's copy: close without unlocking, which would drop
        // the parent's lock (they share the open file description).
        entry->waiters().forget();
        close_entry(entry, ec);
        return;
    }
    if (!entry->waiters().empty()) {
        pass_on(entry);
        return;
    }
    if (entry->pinned()) {
        entry->locks().unlock();
        return;
    }
    entry->locks().unlock_before_close();
    close_entry(entry, ec);
}

// Nobody here holds the entry any more: the lock goes along its queue.
void registry::pass_on(const std::shared_ptr<lock_entry>& entry) noexcept
{
    if (hand_over(entry))
        close_if_idle(entry); // unlocked; a pinned one stays open
}

void registry::close_if_idle(const std::shared_ptr<lock_entry>& entry) noexcept
{
    if (entry->idle()) {
        boost::system::error_code ignored;
        close_entry(entry, ignored);
    }
}

// The file was replaced at its path: its waiters start afresh on the new
// file, and no newcomer finds the old one.
void registry::retire(const std::shared_ptr<lock_entry>& entry) noexcept
{
    table_.erase(*entry);
    entry->waiters().disband();
    close_if_idle(entry);
}

void registry::close_entry(const std::shared_ptr<lock_entry>& entry,
                           boost::system::error_code& ec) noexcept
{
    table_.erase(*entry);
    watches_.forget(*entry);
    entry->close(ec);
}

int registry::event_reader(waiter& w)
{
    std::lock_guard<std::mutex> guard(mutex_);
    if (!retries_kernel_locks(w))
        return -1;
    return watches_.event_reader_for(w.queued_on);
}

void registry::on_watch_events(const char* data, std::size_t size) noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    watches_.on_events(data, size);
}

std::string registry::read_file(const boost::filesystem::path& path, boost::system::error_code& ec)
{
    std::lock_guard<std::mutex> guard(mutex_);
    native_file file = invalid_file();
    file_id id;
    if (const auto known = table_.find_or_open(path, open_for_reading, file, id, ec))
        return read_all(known->file(), ec);
    if (file == invalid_file())
        return {};
    std::string content = read_all(file, ec);
    boost::system::error_code ignored;
    close_file(file, ignored);
    return content;
}

std::shared_ptr<lock_entry> registry::acquire_pinned(const boost::filesystem::path& path,
                                                     std::shared_ptr<lock_entry>& pinned,
                                                     const simple_lock_options& options,
                                                     boost::system::error_code& ec)
{
    std::lock_guard<std::mutex> guard(mutex_);
    for (int attempt = 0; attempt < max_replaced_attempts; ++attempt) {
        if (!pinned) {
            bool fresh = false;
            if (!(pinned = open_entry(path, options, fresh, ec)))
                return nullptr;
            if (fresh)
                table_.insert(pinned);
            pinned->pin();
        }
        // A forked child's copy of its parent's entry is not the child's.
        ec = pinned->opened_here() ? boost::system::error_code() : error::file_replaced;
        std::shared_ptr<lock_entry> locked;
        if (!ec)
            locked = lock_entry_at(path, pinned, false, options, nullptr, ec);
        // Refused by a holder of the file that the path named once: it may
        // name another now, which is the one to lock.
        if (ec == error::already_locked && !path_names(path, pinned->id())) {
            ec = error::file_replaced;
            retire(pinned);
        }
        if (ec != error::file_replaced)
            return locked;
        const auto stale = std::exchange(pinned, nullptr);
        stale->unpin();
        close_if_idle(stale);
    }
    return nullptr;
}

void registry::unpin(const std::shared_ptr<lock_entry>& entry) noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    entry->unpin();
    close_if_idle(entry);
}

std::size_t registry::queue_length(const boost::filesystem::path& path)
{
    std::lock_guard<std::mutex> guard(mutex_);
    file_id id;
    boost::system::error_code ignored;
    if (!identify_path(anchored(path), id, ignored))
        return 0;
    const auto entry = table_.find(id);
    return entry ? entry->waiters().size() : 0;
}

} // namespace detail
} // namespace lockfile
