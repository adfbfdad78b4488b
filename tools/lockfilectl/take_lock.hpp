#ifndef LOCKFILECTL_TAKE_LOCK_HPP_INCLUDED
#define LOCKFILECTL_TAKE_LOCK_HPP_INCLUDED

#include "command_line.hpp"

#include <lockfile/lock_file.hpp>

namespace lockfilectl {

// The lock a command asked for, or, when it holds nothing, the status to
// exit with (the conflict code, 128+N after signal N, 2 on error); the
// message has been printed.
struct taken_lock {
    lockfile::lock_file lock;
    int exit_status = 0;
};

// One attempt; then, unless --nonblock, waits (at most --wait seconds) with
// async_acquire, showing the waiting line on a terminal. SIGINT, SIGTERM and
// SIGHUP end the wait.
taken_lock take_lock(const options& options);

} // namespace lockfilectl

#endif // LOCKFILECTL_TAKE_LOCK_HPP_INCLUDED
