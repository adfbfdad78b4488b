// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The stress suites' journaled critical section.
#include "journal.hpp"

#include <fstream>

namespace lockfile_test {

section_files::section_files()
    : journal((dir.path / "journal").string()), counter((dir.path / "counter").string())
{
    write_file(counter, "0");
}

std::string section_command(const section_files& files, const std::string& id, bool announce)
{
    return argument("critical_section.sh") + " " + id + " " + files.journal + " " + files.counter +
           (announce ? " announce" : "");
}

std::vector<std::string> shell_loop(const std::string& locker, const std::string& section,
                                    int count)
{
    const std::string more = count < 0 ? "true" : "[ $i -lt " + std::to_string(count) + " ]";
    return {"sh", "-c",
            "i=0; while " + more + "; do " + locker + " " + section +
                " || exit 1; i=$((i+1)); done"};
}

journal_summary read_journal(const std::string& path, const std::set<std::string>& killed)
{
    journal_summary summary;
    std::ifstream in(path);
    std::string current;
    for (std::string word, id; in >> word >> id;) {
        if (word == "start") {
            if (!current.empty() && !killed.count(current))
                ++summary.overlaps;
            current = id;
        } else if (id == current) {
            ++summary.sections;
            current.clear();
        } else {
            ++summary.overlaps;
        }
    }
    return summary;
}

} // namespace lockfile_test
