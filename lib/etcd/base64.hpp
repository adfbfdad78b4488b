// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_ETCD_BASE64_HPP_INCLUDED
#define LOCKFILE_LIB_ETCD_BASE64_HPP_INCLUDED

// Base64 (RFC 4648, standard alphabet, padded), in which etcd's JSON gateway
// carries every key and value.

#include <optional>
#include <string>
#include <string_view>

namespace lockfile {
namespace etcd {
namespace detail {

std::string base64_encode(std::string_view bytes);

// The bytes, or nothing if `text` is not padded base64 of the standard
// alphabet (a malformed answer must be an error, never other bytes).
std::optional<std::string> base64_decode(std::string_view text);

} // namespace detail
} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_LIB_ETCD_BASE64_HPP_INCLUDED
