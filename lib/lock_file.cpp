// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lock_file over simple_lock_file: the template rendered first, the content
// written once both locks are held.
#include <lockfile/lock_file.hpp>

#include "blocking_wait.hpp"
#include "content_template.hpp"
#include "throw_on_error.hpp"

#include <optional>
#include <string>

namespace lockfile {

namespace {

lock_options with_template(std::string_view content_template)
{
    lock_options options;
    options.content_template = std::string(content_template);
    return options;
}

} // namespace

lock_file::lock_file(path_arg path) : lock_file(path, lock_options{}) {}

lock_file::lock_file(path_arg path, std::string_view content_template)
    : lock_file(path, with_template(content_template))
{
}

lock_file::lock_file(path_arg path, const lock_options& options)
{
    boost::system::error_code ec;
    acquire(path, options, nullptr, ec);
    detail::throw_on_error(ec, path.get());
}

lock_file::lock_file(path_arg path, boost::system::error_code& ec)
    : lock_file(path, lock_options{}, ec)
{
}

lock_file::lock_file(path_arg path, std::string_view content_template,
                     boost::system::error_code& ec)
    : lock_file(path, with_template(content_template), ec)
{
}

lock_file::lock_file(path_arg path, const lock_options& options, boost::system::error_code& ec)
{
    acquire(path, options, nullptr, ec);
}

lock_file::lock_file(path_arg path, const waiting& how) : lock_file(path, lock_options{}, how) {}

lock_file::lock_file(path_arg path, const lock_options& options, const waiting& how)
{
    boost::system::error_code ec;
    acquire(path, options, &how, ec);
    detail::throw_on_error(ec, path.get());
}

lock_file::lock_file(path_arg path, const waiting& how, boost::system::error_code& ec)
    : lock_file(path, lock_options{}, how, ec)
{
}

lock_file::lock_file(path_arg path, const lock_options& options, const waiting& how,
                     boost::system::error_code& ec)
{
    acquire(path, options, &how, ec);
}

void lock_file::acquire(const path_arg& path, const lock_options& options, const waiting* how,
                        boost::system::error_code& ec)
{
    // A bad template is reported before any file is opened.
    const std::string content = detail::render_content(options.content_template, ec);
    if (ec)
        return;
    const simple_lock_options& lock_part = options;
    std::optional<detail::blocking_wait> wait; // its descriptors close after the content is written
    simple_lock_file lock = how ? wait.emplace(path, lock_part, *how).acquire(ec)
                                : simple_lock_file(path, lock_part, ec);
    if (!ec)
        adopt(std::move(lock), content, ec);
}

void lock_file::adopt(simple_lock_file lock, const std::string& content,
                      boost::system::error_code& ec)
{
    if (lock.mode() == lock_mode::exclusive) {
        // The leading space: on Windows byte 0 is the locked byte, and
        // zc.lockfile's readers read from offset 1.
        lock.write_content(" " + content + "\n", ec);
        if (ec)
            return; // `lock` releases on the way out, before the caller sees ec
    }
    ec.clear();
    lock_ = std::move(lock);
}

} // namespace lockfile
