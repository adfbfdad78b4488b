// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_HELP_HPP_INCLUDED
#define LOCKFILECTL_HELP_HPP_INCLUDED

// lockfilectl's manual: one text, shown by --help and installed as the man
// page lockfilectl.1 (make_manual.cpp), so that the two cannot drift.

#include <string>

namespace lockfilectl {

// The page of a command ("" for the tool itself), as --help shows it.
std::string manual(const std::string& command);
// Its synopsis lines, for usage errors; `program` is "flock" under that name.
std::string synopsis(const std::string& program, const std::string& command);
// Every page as one man page, in roff.
std::string roff_manual(const std::string& version);

} // namespace lockfilectl

#endif // LOCKFILECTL_HELP_HPP_INCLUDED
