// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// simple_lock_file over the registry.
#include <lockfile/simple_lock_file.hpp>

#include "anchored_path.hpp"
#include "blocking_wait.hpp"
#include "native_file.hpp"
#include "process.hpp"
#include "registry.hpp"
#include "throw_on_error.hpp"

#include <cassert>
#include <utility>

namespace lockfile {

simple_lock_file::simple_lock_file() noexcept = default;

simple_lock_file::simple_lock_file(path_arg path, const simple_lock_options& options)
    : simple_lock_file()
{
    boost::system::error_code ec;
    *this = simple_lock_file(path, options, ec);
    detail::throw_on_error(ec, path.get()); // the path as given, in the message
}

simple_lock_file::simple_lock_file(path_arg path, boost::system::error_code& ec)
    : simple_lock_file(path, simple_lock_options{}, ec)
{
}

simple_lock_file::simple_lock_file(path_arg path, const simple_lock_options& options,
                                   boost::system::error_code& ec)
    : path_(detail::anchored(path.get())), mode_(options.mode)
{
    entry_ = detail::registry::instance().acquire(path_, options, ec);
}

simple_lock_file::simple_lock_file(path_arg path, const waiting& how)
    : simple_lock_file(path, simple_lock_options{}, how)
{
}

simple_lock_file::simple_lock_file(path_arg path, const simple_lock_options& options,
                                   const waiting& how)
    : simple_lock_file()
{
    boost::system::error_code ec;
    *this = simple_lock_file(path, options, how, ec);
    detail::throw_on_error(ec, path.get());
}

simple_lock_file::simple_lock_file(path_arg path, const waiting& how, boost::system::error_code& ec)
    : simple_lock_file(path, simple_lock_options{}, how, ec)
{
}

simple_lock_file::simple_lock_file(path_arg path, const simple_lock_options& options,
                                   const waiting& how, boost::system::error_code& ec)
    : simple_lock_file(detail::wait_for_lock(path, options, how, ec))
{
}

simple_lock_file::simple_lock_file(std::shared_ptr<detail::lock_entry> entry,
                                   boost::filesystem::path path, lock_mode mode) noexcept
    : entry_(std::move(entry)), path_(std::move(path)), mode_(mode)
{
}

simple_lock_file::simple_lock_file(simple_lock_file&& other) noexcept
    : entry_(std::move(other.entry_)), path_(std::move(other.path_)), mode_(other.mode_)
{
}

simple_lock_file& simple_lock_file::operator=(simple_lock_file&& other) noexcept
{
    if (this != &other) {
        boost::system::error_code ignored;
        close(ignored);
        entry_ = std::move(other.entry_);
        path_ = std::move(other.path_);
        mode_ = other.mode_;
    }
    return *this;
}

simple_lock_file::~simple_lock_file()
{
    boost::system::error_code ignored;
    close(ignored);
}

bool simple_lock_file::owns_lock() const noexcept
{
    return entry_ != nullptr && entry_->opened_here(); // not a forked child's copy
}

bool simple_lock_file::verify() const noexcept
{
    return entry_ && detail::path_names(path_, entry_->id());
}

void simple_lock_file::close()
{
    boost::system::error_code ec;
    close(ec);
    detail::throw_on_error(ec, path_, "unlock");
}

void simple_lock_file::close(boost::system::error_code& ec) noexcept
{
    ec.clear();
    if (const auto entry = std::exchange(entry_, nullptr))
        detail::registry::instance().release(entry, ec);
}

std::string simple_lock_file::read_content() const
{
    return detail::value_or_throw(
        path_, "read", [this](boost::system::error_code& ec) { return read_content(ec); });
}

std::string simple_lock_file::read_content(boost::system::error_code& ec) const
{
    assert(owns_lock());
    return detail::read_all(entry_->file(), ec);
}

void simple_lock_file::write_content(std::string_view content)
{
    boost::system::error_code ec;
    write_content(content, ec);
    detail::throw_on_error(ec, path_, "write");
}

void simple_lock_file::write_content(std::string_view content, boost::system::error_code& ec)
{
    assert(owns_lock());
    detail::replace_content(entry_->file(), content, ec);
}

simple_lock_file::native_handle_type simple_lock_file::native_handle() const noexcept
{
    assert(owns_lock());
    return entry_->file();
}

} // namespace lockfile
