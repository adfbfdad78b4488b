#ifndef LOCKFILE_LOCK_OPTIONS_HPP_INCLUDED
#define LOCKFILE_LOCK_OPTIONS_HPP_INCLUDED

#include <boost/filesystem/operations.hpp>

#include <string>

namespace lockfile {

enum class lock_mode {
    exclusive, // one holder
    shared,    // any number of shared holders, in this process and others
};

// 0666: the creator's umask is applied, as open(2) does.
inline constexpr boost::filesystem::perms default_permissions =
    static_cast<boost::filesystem::perms>(
        boost::filesystem::owner_read | boost::filesystem::owner_write |
        boost::filesystem::group_read | boost::filesystem::group_write |
        boost::filesystem::others_read | boost::filesystem::others_write);

// Options of simple_lock_file.
struct simple_lock_options {
    lock_mode mode = lock_mode::exclusive;
    // Used only when the lock file does not exist yet and is created;
    // ignored on Windows, which has no permission bits (the new file gets
    // its directory's inherited access control).
    boost::filesystem::perms permissions = default_permissions;
};

// Options of lock_file.
struct lock_options {
    // Written as " CONTENT\n" once the lock is held in exclusive mode.
    // Placeholders: {pid}, {hostname}; {{ and }} are literal braces.
    // Shared holders write nothing: there may be many of them.
    std::string content_template = "{pid}";
    lock_mode mode = lock_mode::exclusive;
    boost::filesystem::perms permissions = default_permissions; // as above
};

} // namespace lockfile

#endif // LOCKFILE_LOCK_OPTIONS_HPP_INCLUDED
