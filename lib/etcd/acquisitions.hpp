// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_ETCD_ACQUISITIONS_HPP_INCLUDED
#define LOCKFILE_LIB_ETCD_ACQUISITIONS_HPP_INCLUDED

// The acquisitions a client has started, for client::cancel(): weakly held
// (an acquisition lives as long as its lock), on the client's executor.

#include <memory>
#include <vector>

namespace lockfile {
namespace etcd {
namespace detail {

class lock_state;

class acquisitions {
public:
    void add(const std::shared_ptr<lock_state>& state);
    // Each one still acquiring completes with operation_aborted; held locks
    // stay held.
    void cancel_all();

private:
    std::vector<std::weak_ptr<lock_state>> started_;
};

} // namespace detail
} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_LIB_ETCD_ACQUISITIONS_HPP_INCLUDED
