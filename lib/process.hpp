#ifndef LOCKFILE_LIB_PROCESS_HPP_INCLUDED
#define LOCKFILE_LIB_PROCESS_HPP_INCLUDED

// What the library needs to know about fork(): who this process is, and
// whether it has forked since a lock was taken.

#include <sys/types.h>

namespace lockfile {
namespace detail {

// getpid(), without a system call: refreshed in the child of every fork()
// (pthread_atfork; a raw clone() without exec is not supported).
pid_t current_pid() noexcept;

// How many times this process has forked. A lock taken after the last fork
// shares its open file description with no other process, so closing its
// descriptor alone releases both kernel locks.
unsigned fork_count() noexcept;

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_PROCESS_HPP_INCLUDED
