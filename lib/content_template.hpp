// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_CONTENT_TEMPLATE_HPP_INCLUDED
#define LOCKFILE_LIB_CONTENT_TEMPLATE_HPP_INCLUDED

// The content a lock_file writes: its template rendered for this process.

#include <boost/system/error_code.hpp>

#include <string>
#include <string_view>

namespace lockfile {
namespace detail {

// Renders zc.lockfile's content template with this process's id and this
// machine's name, as Python's str.format does (python_format.hpp: what is
// accepted, and what is deliberately not); anything else sets
// error::bad_template.
std::string render_content(std::string_view content_template, boost::system::error_code& ec);

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_CONTENT_TEMPLATE_HPP_INCLUDED
