// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_TEST_JOURNAL_HPP_INCLUDED
#define LOCKFILE_TEST_JOURNAL_HPP_INCLUDED

// The stress suites' critical section: each holder appends "start ID" and
// "end ID" to a journal around an increment of a counter file; the journal
// then shows any overlap, and the counter any lost update.

#include "test_env.hpp"

#include <set>
#include <string>
#include <vector>

namespace lockfile_test {

// The journal and the counter (at 0), in a temporary directory.
struct section_files {
    section_files();
    temp_dir dir;
    std::string journal;
    std::string counter;
};

// The command that runs critical_section.sh as holder `id`; with
// `announce`, it says "in" on standard output once inside.
std::string section_command(const section_files& files, const std::string& id,
                            bool announce = false);

// sh -c: `locker` followed by `section`, `count` times in a row (-1: until
// killed); the shell exits 1 as soon as one fails.
std::vector<std::string> shell_loop(const std::string& locker, const std::string& section,
                                    int count);

struct journal_summary {
    int sections = 0;
    int overlaps = 0;
};

// Sections must not overlap; one left open by a holder in `killed` ends
// where the next one starts (its lock was freed).
journal_summary read_journal(const std::string& path, const std::set<std::string>& killed);

} // namespace lockfile_test

#endif // LOCKFILE_TEST_JOURNAL_HPP_INCLUDED
