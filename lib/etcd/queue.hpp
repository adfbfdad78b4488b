// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_ETCD_QUEUE_HPP_INCLUDED
#define LOCKFILE_LIB_ETCD_QUEUE_HPP_INCLUDED

// A lock NAME's queue as etcd holds it (the keys under NAME/, ordered by
// create revision), and reading the gateway's answers about it: what the
// recipe and the query share.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace lockfile {
namespace etcd {
namespace detail {

// A name that etcd can hold as a key prefix and that people type: not
// empty, at most 1 KiB (etcd would take up to 1.5 MiB).
bool valid_lock_name(const std::string& name);

// The end of the range of every key that starts with `prefix` (Go's
// clientv3.GetPrefixRangeEnd).
std::string prefix_end(std::string prefix);

// A range request for the oldest key under `prefix`; its answer's "count"
// is the number of keys under it.
nlohmann::json oldest_in(const std::string& prefix);

// The gateway writes 64-bit integers as strings and omits zeros: 0 when
// the field is missing, -1 when it is there but not an integer.
std::int64_t integer(const nlohmann::json& object, const char* field);

// The keys of a range answer (none when the gateway omits "kvs").
const nlohmann::json& kvs_of(const nlohmann::json& range);

} // namespace detail
} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_LIB_ETCD_QUEUE_HPP_INCLUDED
