// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_OPTION_TABLE_HPP_INCLUDED
#define LOCKFILECTL_OPTION_TABLE_HPP_INCLUDED

// Every option of lockfilectl, once: the parser (command_line.cpp) and the
// manual (help.cpp) are both made from this table.

#include <string>
#include <vector>

namespace lockfilectl {

enum class option_id {
    shared,
    exclusive,
    unlock,
    nonblock,
    wait,
    conflict_exit_code,
    close,
    no_fork,
    verbose,
    content,
    quiet,
    json,
    etcd,
    ttl,
    kill_after,
    help,
    version,
};

// Which commands take an option.
enum command_bit : unsigned { run_bit = 1, hold_bit = 2, status_bit = 4 };

struct option_spec {
    option_id id;
    std::string short_names;             // "xe": -x and -e
    std::vector<std::string> long_names; // first one shown first
    const char* value_name;              // nullptr: takes no value
    unsigned commands;                   // command_bit set
    const char* help;
};

const std::vector<option_spec>& option_table();

// The command_bit of "run", "hold" or "status" (0 for anything else).
unsigned command_bit_of(const std::string& command);

} // namespace lockfilectl

#endif // LOCKFILECTL_OPTION_TABLE_HPP_INCLUDED
