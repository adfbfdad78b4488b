// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl's options, their arguments and help, in one table.
#include "option_table.hpp"

namespace lockfilectl {

const std::vector<option_spec>& option_table()
{
    constexpr unsigned lock = run_bit | hold_bit;
    constexpr unsigned all = run_bit | hold_bit | status_bit;
    static const std::vector<option_spec> table = {
        {option_id::shared, "s", {"shared"}, nullptr, lock, "take a shared lock"},
        {option_id::exclusive, "xe", {"exclusive"}, nullptr, lock,
         "take an exclusive lock (the default)"},
        {option_id::unlock, "u", {"unlock"}, nullptr, run_bit,
         "remove the lock of the descriptor FD (FD form only)"},
        {option_id::nonblock, "n", {"nonblock", "nb", "nonblocking"}, nullptr, lock,
         "fail at once if the lock is held"},
        {option_id::wait, "w", {"timeout", "wait"}, "SECONDS", lock,
         "wait at most SECONDS (fractions allowed; 0 is -n; beyond ~292 years: no limit)"},
        {option_id::conflict_exit_code, "E", {"conflict-exit-code"}, "N", lock,
         "exit status when the lock is held (-n) or the wait ran out (-w), 0 to 255 "
         "(default 1)"},
        {option_id::close, "o", {"close"}, nullptr, run_bit,
         "give COMMAND no descriptor of the lock: it lives as long as lockfilectl, "
         "and COMMAND is killed if lockfilectl dies"},
        {option_id::no_fork, "F", {"no-fork"}, nullptr, run_bit,
         "run COMMAND in lockfilectl's own process (exec), which keeps the lock"},
        {option_id::verbose, "", {"verbose"}, nullptr, run_bit,
         "say how long getting the lock took and what is executed, as flock(1) does"},
        {option_id::content, "", {"content"}, "TEMPLATE", lock,
         "written into a lock FILE: {pid}, {hostname}, {{, }} (default: {pid};{hostname})"},
        {option_id::quiet, "q", {"quiet"}, nullptr, lock, "no waiting line, no conflict message"},
        {option_id::json, "", {"json"}, nullptr, status_bit, "print one JSON object"},
        {option_id::etcd, "", {"etcd"}, "ENDPOINTS", all,
         "lock NAME on etcd: http://HOST:PORT,... (or $LOCKFILE_ETCD_ENDPOINTS)"},
        {option_id::ttl, "", {"ttl"}, "SECONDS", lock,
         "with --etcd: the lease's time to live (default 10)"},
        {option_id::kill_after, "", {"kill-after"}, "SECONDS", run_bit,
         "with --etcd: SIGKILL after SIGTERM on a lost lock (default 5)"},
        {option_id::help, "h", {"help"}, nullptr, all, "show this page"},
        {option_id::version, "V", {"version"}, nullptr, run_bit, "show the version"},
    };
    return table;
}

unsigned command_bit_of(const std::string& command)
{
    if (command == "run")
        return run_bit;
    if (command == "hold")
        return hold_bit;
    if (command == "status")
        return status_bit;
    return 0;
}

} // namespace lockfilectl
