// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_PROC_LOCKS_HPP_INCLUDED
#define LOCKFILE_LIB_PROC_LOCKS_HPP_INCLUDED

// The locks that Linux lists in /proc/locks for one file, of both families
// and any process (lib/linux/proc_locks.cpp): what query_lock reports.

#include "native_file.hpp"

#include <boost/system/error_code.hpp>

#include <vector>

namespace lockfile {
namespace detail {

struct listed_lock {
    bool exclusive = false; // WRITE; else READ
    long pid = 0;           // the holder; -1 for an OFD lock, which no process owns
};

// The locks held on the file `id` (requests still waiting hold nothing and
// are left out). ec is set if /proc/locks cannot be read.
std::vector<listed_lock> locks_listed_for(const file_id& id, boost::system::error_code& ec);

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_PROC_LOCKS_HPP_INCLUDED
