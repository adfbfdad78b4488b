#include "help.hpp"

namespace lockfilectl {

const char* synopsis(const std::string& command)
{
    if (command == "run")
        return "usage: lockfilectl run [-s] [-n] [-w SECONDS] [--content TEMPLATE] [-E N] [-q] PATH "
               "-- COMMAND [ARGS...]";
    if (command == "status")
        return "usage: lockfilectl status [--json] PATH";
    if (command == "hold")
        return "usage: lockfilectl hold [-s] [-n] [-w SECONDS] [--content TEMPLATE] [-q] PATH";
    return "usage: lockfilectl run|status|hold [OPTIONS] PATH ...  (lockfilectl --help)";
}

const char* manual(const std::string& command)
{
    if (command == "run")
        return R"(NAME
    lockfilectl run - run a command while holding a lock file

SYNOPSIS
    lockfilectl run [-s] [-n] [-w SECONDS] [--content TEMPLATE] [-E N] [-q] PATH -- COMMAND [ARGS...]

DESCRIPTION
    Takes the lock on PATH (creating the file if needed, never deleting it), runs
    COMMAND while holding it, and releases it when COMMAND ends. The lock excludes
    flock(1), zc.lockfile, py-filelock (flock family) and Boost, lockf(3), fasteners
    (fcntl family) on the same file. COMMAND inherits none of the lock's descriptors.
    SIGINT, SIGTERM and SIGHUP are forwarded to COMMAND. While waiting on a terminal,
    one line on standard error says who holds the lock and for how long it waited.

OPTIONS
    -s, --shared                 take a shared lock (default: exclusive)
    -n, --nonblock               fail at once if the lock is held
    -w, --wait SECONDS           wait at most SECONDS (fractions allowed)
        --content TEMPLATE       written into the file: {pid}, {hostname}, {{, }}
                                 (default: {pid};{hostname})
    -E, --conflict-exit-code N   exit status when the lock is not taken (default: 1)
    -q, --quiet                  no waiting line, no conflict message
    -h, --help                   this page

EXIT STATUS
    COMMAND's exit status, or 128+N if signal N killed it; the conflict exit code
    when the lock is held (-n) or the wait ran out (-w); 2 on bad usage or an
    error (such as a path that is a FIFO or a directory); 126 or 127 when COMMAND
    cannot be run.

EXAMPLES
    lockfilectl run /var/lock/backup.lock -- backup.sh       flock /var/lock/backup.lock backup.sh
    lockfilectl run -n -E 0 /tmp/cron.lock -- job            flock -n -E 0 /tmp/cron.lock job
    lockfilectl run -w 30 /tmp/db.lock -- migrate            flock -w 30 /tmp/db.lock migrate
)";
    if (command == "status")
        return R"(NAME
    lockfilectl status - tell whether a lock file is locked, and by whom

SYNOPSIS
    lockfilectl status [--json] PATH

DESCRIPTION
    Asks the kernel whether PATH is locked, in either lock family, in which mode and
    by which processes, without opening or locking the file, and shows what the last
    exclusive holder wrote into it (pid, host, raw content).

OPTIONS
    --json       one JSON object: path, locked, mode, pids, pid, hostname, content
    -h, --help   this page

EXIT STATUS
    0 when free (or the file does not exist), 1 when locked, 2 on error.
)";
    if (command == "hold")
        return R"(NAME
    lockfilectl hold - take a lock file and hold it

SYNOPSIS
    lockfilectl hold [-s] [-n] [-w SECONDS] [--content TEMPLATE] [-q] PATH

DESCRIPTION
    Takes the lock on PATH (waiting, unless -n), prints "locked" on its own line once
    it holds it, and holds it until standard input closes or SIGTERM or SIGINT comes.
    For scripts and tests.

OPTIONS
    As for "lockfilectl run", without -E (a conflict exits with status 1).

EXIT STATUS
    0 after holding and releasing; 1 when the lock was not taken; 2 on error.
)";
    return R"(NAME
    lockfilectl - inter-process locks on lock files, flock(1)'s job with who-holds-it

SYNOPSIS
    lockfilectl run [OPTIONS] PATH -- COMMAND [ARGS...]
    lockfilectl status [--json] PATH
    lockfilectl hold [OPTIONS] PATH
    lockfilectl --version

    lockfilectl COMMAND --help shows the page of a command.
)";
}

} // namespace lockfilectl
