// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_ETCD_ERROR_HPP_INCLUDED
#define LOCKFILE_ETCD_ERROR_HPP_INCLUDED

// The failures of the cross-host component that have no errno of their own.
// Contention and timeouts are lockfile::error's already_locked and
// timed_out, as for lock files.

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace lockfile {
namespace etcd {

enum class error {
    // No endpoint given, or none of them of the form http://HOST:PORT.
    bad_endpoint = 1,
    // No endpoint answered within the request timeout (refused, reset,
    // unreachable, or still electing a leader).
    unreachable,
    // An endpoint answered with an HTTP status that the request cannot
    // succeed after (its message says which, and what etcd said).
    http_error,
    // An answer that is not what etcd's gateway sends: not JSON, truncated,
    // a field missing or of the wrong kind.
    bad_answer,
    // The lock's lease is gone: expired (keep-alives failed for its TTL),
    // revoked, or the lock's key was deleted by someone else.
    lease_lost,
    // A lock name that is empty, or that etcd cannot hold as a key prefix.
    bad_name,
};

// The category of lockfile::etcd::error; its name() is "lockfile.etcd".
const boost::system::error_category& etcd_category() noexcept;

inline boost::system::error_code make_error_code(error e) noexcept
{
    return {static_cast<int>(e), etcd_category()};
}

} // namespace etcd
} // namespace lockfile

namespace boost {
namespace system {
template <> struct is_error_code_enum<lockfile::etcd::error> : std::true_type {
};
} // namespace system
} // namespace boost

#endif // LOCKFILE_ETCD_ERROR_HPP_INCLUDED
