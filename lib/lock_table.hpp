// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_LOCK_TABLE_HPP_INCLUDED
#define LOCKFILE_LIB_LOCK_TABLE_HPP_INCLUDED

// The files this process holds or waits for, by identity: where a second
// acquisition in this process finds the first, and so fails exactly like one
// from another process, and where each file keeps its one set of
// descriptors. The registry's mutex guards it.

#include "lock_entry.hpp"
#include "native_file.hpp"

#include <boost/filesystem/path.hpp>
#include <boost/system/error_code.hpp>

#include <map>
#include <memory>
#include <utility>

namespace lockfile {
namespace detail {

class lock_table {
public:
    // This process's entry for the file, or null: a forked child finds none
    // of its parent's.
    std::shared_ptr<lock_entry> find(const file_id& id) const;

    // The entry of the file at `path`. Looked up first without opening (the
    // common in-process conflict costs one lstat and no descriptor); else
    // the file is opened by open(path, id, ec) into `file`, and looked up
    // again by what was opened: if the path was replaced by a known file in
    // between, the new descriptor is parked on that file's entry. Null with
    // `file` open for an unknown file; null with ec set if opening failed.
    template <class Open>
    std::shared_ptr<lock_entry> find_or_open(const boost::filesystem::path& path, Open open,
                                             native_file& file, file_id& id,
                                             boost::system::error_code& ec);

    // The entry now stands for its file (in a forked child, over the
    // parent's).
    void insert(const std::shared_ptr<lock_entry>& entry);
    // The entry no longer stands for its file, if it did.
    void erase(const lock_entry& entry) noexcept;

    // In a forked child: every entry lets go of the parent's locks. The
    // entries stay, for the child's copies of lock objects to release
    // (closing nothing more); find() no longer sees them.
    void let_go_after_fork() noexcept;

private:
    std::map<file_id, std::shared_ptr<lock_entry>> entries_;
};

template <class Open>
std::shared_ptr<lock_entry> lock_table::find_or_open(const boost::filesystem::path& path,
                                                     Open open, native_file& file, file_id& id,
                                                     boost::system::error_code& ec)
{
    file_id seen;
    if (!entries_.empty() && identify_path(path, seen, ec))
        if (auto known = find(seen))
            return known;
    file = open(path, id, ec);
    if (file == invalid_file())
        return nullptr;
    auto known = find(id);
    if (known)
        known->park(std::exchange(file, invalid_file()));
    return known;
}

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_LOCK_TABLE_HPP_INCLUDED
