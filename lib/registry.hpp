#ifndef LOCKFILE_LIB_REGISTRY_HPP_INCLUDED
#define LOCKFILE_LIB_REGISTRY_HPP_INCLUDED

// The process's table of the lock files it holds, keyed by file identity.
//
// fcntl locks belong to the process, so on their own a second lock of the
// same file in this process would "succeed", threads would not exclude each
// other, and closing any descriptor of a locked file would silently drop its
// lock. The registry is consulted, under one mutex, before anything opens a
// descriptor for locking: a second acquisition in this process then fails
// exactly like one from another process, and each locked file has one set of
// descriptors. Every descriptor that the library closes, it closes under the
// same mutex, and never one that names a file the process holds.

#include "posix_file.hpp"

#include <lockfile/lock_options.hpp>

#include <boost/filesystem/path.hpp>
#include <boost/interprocess/sync/file_lock.hpp>
#include <boost/system/error_code.hpp>

#include <sys/types.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lockfile {
namespace detail {

// One locked file: shared by its holders in this process (one, or several in
// shared mode).
struct lock_entry {
    file_id id;
    int fd = -1; // the library's own descriptor: flock, content
    bool flock_held = false;
    boost::interprocess::file_lock fcntl_lock;
    lock_mode mode = lock_mode::exclusive;
    int holders = 0;
    pid_t owner = 0; // the process that locked it (a forked child is not)
    // Descriptors of this file opened in a race with its locking: closing
    // them would drop the fcntl lock, so they are closed on release.
    std::vector<int> parked;
};

class registry {
public:
    static registry& instance();

    // One non-blocking attempt. Returns the entry held, or null with ec set.
    std::shared_ptr<lock_entry> acquire(const boost::filesystem::path& path,
                                        const simple_lock_options& options,
                                        boost::system::error_code& ec);

    // Gives up one holder's share; the last one unlocks and closes. The lock
    // is gone even when ec reports an error of close(2).
    void release(const std::shared_ptr<lock_entry>& entry, boost::system::error_code& ec) noexcept;

    // The file's content; through the held entry's descriptor if this
    // process holds the file.
    std::string read_file(const boost::filesystem::path& path, boost::system::error_code& ec);

private:
    registry();

    // The entry of the file at path if this process holds it; otherwise a
    // descriptor from open(path, id, ec), or -1 with ec set.
    template <class Open>
    std::shared_ptr<lock_entry> find_or_open(const boost::filesystem::path& path, Open open,
                                             int& fd, file_id& id, boost::system::error_code& ec);
    std::shared_ptr<lock_entry> find(const file_id& id) const;
    std::shared_ptr<lock_entry> join(const std::shared_ptr<lock_entry>& held, lock_mode mode,
                                     boost::system::error_code& ec);
    boost::system::error_code lock_new_file(const boost::filesystem::path& path, lock_entry& entry);
    void dispose(int fd) noexcept;

    std::mutex mutex_;
    std::map<file_id, std::shared_ptr<lock_entry>> entries_;
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_REGISTRY_HPP_INCLUDED
