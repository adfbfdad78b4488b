// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_THROW_ON_ERROR_HPP_INCLUDED
#define LOCKFILE_LIB_THROW_ON_ERROR_HPP_INCLUDED

// From an error_code to the lock_error that names the path.

#include <lockfile/error.hpp>

namespace lockfile {
namespace detail {

// The throwing overloads are the error_code ones followed by this.
inline void throw_on_error(const boost::system::error_code& ec, const boost::filesystem::path& path,
                           const char* action = "lock")
{
    if (ec)
        throw lock_error(ec, path, action);
}

// The throwing overload of a function that returns a value: calls
// report(ec), the error_code overload, and throws what it reported.
template <class Report>
auto value_or_throw(const boost::filesystem::path& path, const char* action, Report report)
{
    boost::system::error_code ec;
    auto value = report(ec);
    throw_on_error(ec, path, action);
    return value;
}

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_THROW_ON_ERROR_HPP_INCLUDED
