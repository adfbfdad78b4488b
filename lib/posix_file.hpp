#ifndef LOCKFILE_LIB_POSIX_FILE_HPP_INCLUDED
#define LOCKFILE_LIB_POSIX_FILE_HPP_INCLUDED

// Opening, identifying and reading/writing lock files with POSIX calls.

#include <boost/filesystem/operations.hpp>
#include <boost/filesystem/path.hpp>
#include <boost/system/error_code.hpp>

#include <sys/types.h>

#include <string>
#include <string_view>
#include <tuple>

namespace lockfile {
namespace detail {

// A file's identity: what the registry keys locks by, and what tells
// whether a path still names the file that was locked.
struct file_id {
    dev_t device = 0;
    ino_t inode = 0;

    friend bool operator==(const file_id& a, const file_id& b)
    {
        return a.device == b.device && a.inode == b.inode;
    }
    friend bool operator<(const file_id& a, const file_id& b)
    {
        return std::tie(a.device, a.inode) < std::tie(b.device, b.inode);
    }
};

// The identity of what the path itself names (a symlink is not followed).
// Returns false, with ec set, if the path names nothing or cannot be read.
bool identify_path(const boost::filesystem::path& path, file_id& id, boost::system::error_code& ec);

// Opens a lock file for locking: read-write, close-on-exec, never following
// a symlink, never blocking (a FIFO), never truncating; the existing file
// first, and only if there is none, a new one with the given permissions
// (minus the umask). Anything but a regular file is refused. Returns the
// descriptor and sets id, or returns -1 and sets ec.
int open_lock_file(const boost::filesystem::path& path, boost::filesystem::perms permissions,
                   file_id& id, boost::system::error_code& ec);

// The same, read-only and never creating: for looking at a lock file.
int open_for_reading(const boost::filesystem::path& path, file_id& id,
                     boost::system::error_code& ec);

// The whole content, read from offset 0.
std::string read_all(int fd, boost::system::error_code& ec);

// Writes content at offset 0, then truncates the file to its length. This
// order matters: truncating to zero first makes ext4 flush the data on close
// (auto_da_alloc), many times slower.
void replace_content(int fd, std::string_view content, boost::system::error_code& ec);

// close(2), reporting its error; the descriptor is gone either way.
void close_descriptor(int fd, boost::system::error_code& ec);

boost::system::error_code last_system_error();

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_POSIX_FILE_HPP_INCLUDED
