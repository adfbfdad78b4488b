#include "registry.hpp"

#include "kernel_locks.hpp"

#include <lockfile/error.hpp>

#include <pthread.h>
#include <unistd.h>

namespace lockfile {
namespace detail {

namespace {

// How often the path may turn out to name another file than the one just
// locked (someone deleting or replacing it) before acquire gives up.
constexpr int max_replaced_attempts = 8;

bool path_names(const boost::filesystem::path& path, const file_id& id)
{
    boost::system::error_code ec;
    file_id now;
    return identify_path(path, now, ec) && now == id;
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
    ::pthread_atfork([] { instance().mutex_.lock(); }, [] { instance().mutex_.unlock(); },
                     [] { instance().mutex_.unlock(); });
}

std::shared_ptr<lock_entry> registry::find(const file_id& id) const
{
    const auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : it->second;
}

template <class Open>
std::shared_ptr<lock_entry> registry::find_or_open(const boost::filesystem::path& path, Open open,
                                                   int& fd, file_id& id,
                                                   boost::system::error_code& ec)
{
    // Looking first, without opening: the common in-process conflict costs
    // one lstat and no descriptor.
    file_id seen;
    if (identify_path(path, seen, ec))
        if (auto held = find(seen))
            return held;
    fd = open(path, id, ec);
    if (fd < 0)
        return nullptr;
    auto held = find(id); // the path was replaced by a held file in between
    if (held) {
        held->parked.push_back(fd);
        fd = -1;
    }
    return held;
}

std::shared_ptr<lock_entry> registry::join(const std::shared_ptr<lock_entry>& held, lock_mode mode,
                                           boost::system::error_code& ec)
{
    const bool shareable = held->owner == ::getpid() && mode == lock_mode::shared &&
                           held->mode == lock_mode::shared;
    if (!shareable) {
        ec = error::already_locked;
        return nullptr;
    }
    ++held->holders;
    ec.clear();
    return held;
}

std::shared_ptr<lock_entry> registry::acquire(const boost::filesystem::path& path,
                                              const simple_lock_options& options,
                                              boost::system::error_code& ec)
{
    const auto open = [&](const boost::filesystem::path& p, file_id& id,
                          boost::system::error_code& e) {
        return open_lock_file(p, options.permissions, id, e);
    };
    std::lock_guard<std::mutex> guard(mutex_);
    for (int attempt = 0; attempt < max_replaced_attempts; ++attempt) {
        int fd = -1;
        file_id id;
        if (auto held = find_or_open(path, open, fd, id, ec))
            return join(held, options.mode, ec);
        if (fd < 0)
            return nullptr;

        auto entry = std::make_shared<lock_entry>();
        entry->id = id;
        entry->fd = fd;
        entry->mode = options.mode;
        ec = lock_new_file(path, *entry);
        if (!ec) {
            entry->holders = 1;
            entry->owner = ::getpid();
            entries_.emplace(id, entry);
            return entry;
        }
        ::close(fd); // no lock of this process is on that file
        if (ec != error::file_replaced)
            return nullptr;
    }
    return nullptr;
}

boost::system::error_code registry::lock_new_file(const boost::filesystem::path& path,
                                                  lock_entry& entry)
{
    boost::system::error_code ec;
    if (flock_is_independent(entry.fd)) {
        ec = try_flock(entry.fd, entry.mode);
        if (ec)
            return ec;
        entry.flock_held = true;
    }
    ec = open_fcntl_lock(path, entry.fcntl_lock);
    if (!ec) {
        const file_id opened = identify_descriptor(fcntl_lock_descriptor(entry.fcntl_lock), ec);
        if (!ec && !(opened == entry.id)) {
            dispose(detach_fcntl_lock_descriptor(entry.fcntl_lock));
            ec = error::file_replaced;
        }
    }
    if (!ec)
        ec = try_fcntl_lock(entry.fcntl_lock, entry.mode);
    // Both locks held: the path must still name this file, or a newcomer
    // could lock a new file there while we believe we hold the lock.
    if (!ec && !path_names(path, entry.id)) {
        fcntl_unlock(entry.fcntl_lock, entry.mode);
        ec = error::file_replaced;
    }
    if (ec) {
        if (entry.flock_held)
            flock_unlock(entry.fd);
        entry.flock_held = false;
        entry.fcntl_lock = boost::interprocess::file_lock(); // closes Boost's descriptor
    }
    return ec;
}

void registry::release(const std::shared_ptr<lock_entry>& entry,
                       boost::system::error_code& ec) noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    ec.clear();
    if (--entry->holders > 0)
        return;
    entries_.erase(entry->id);
    // Unlock explicitly before closing: a forked child may share the open
    // file description, and closing alone would leave the flock held. In
    // that child, never unlock: it would drop the parent's lock.
    if (entry->owner == ::getpid()) {
        fcntl_unlock(entry->fcntl_lock, entry->mode);
        if (entry->flock_held)
            flock_unlock(entry->fd);
    }
    entry->fcntl_lock = boost::interprocess::file_lock();
    for (const int fd : entry->parked)
        ::close(fd);
    entry->parked.clear();
    close_descriptor(entry->fd, ec);
    entry->fd = -1;
}

std::string registry::read_file(const boost::filesystem::path& path, boost::system::error_code& ec)
{
    std::lock_guard<std::mutex> guard(mutex_);
    int fd = -1;
    file_id id;
    if (const auto held = find_or_open(path, open_for_reading, fd, id, ec))
        return read_all(held->fd, ec);
    if (fd < 0)
        return {};
    std::string content = read_all(fd, ec);
    ::close(fd);
    return content;
}

void registry::dispose(int fd) noexcept
{
    boost::system::error_code ec;
    const file_id id = identify_descriptor(fd, ec);
    if (const auto held = ec ? nullptr : find(id))
        held->parked.push_back(fd);
    else
        ::close(fd);
}

} // namespace detail
} // namespace lockfile
