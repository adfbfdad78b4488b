// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Rendering the content template (python_format) for this process.
#include "content_template.hpp"

#include "process.hpp"
#include "python_format.hpp"

namespace lockfile {
namespace detail {

std::string render_content(std::string_view content_template, boost::system::error_code& ec)
{
    // The host name is read for every template, even one without
    // {hostname}: gethostname() is a cheap system call.
    return render_template(content_template, {current_pid(), host_name()}, ec);
}

} // namespace detail
} // namespace lockfile
