// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_CONTENT_TEMPLATE_HPP_INCLUDED
#define LOCKFILE_LIB_CONTENT_TEMPLATE_HPP_INCLUDED

#include <boost/system/error_code.hpp>

#include <string>
#include <string_view>

namespace lockfile {
namespace detail {

// Expands zc.lockfile's content template ({pid}, {hostname}, {{, }}), as
// Python's str.format would. Anything else sets error::bad_template.
std::string render_content(std::string_view content_template, boost::system::error_code& ec);

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_CONTENT_TEMPLATE_HPP_INCLUDED
