// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// async_acquire's file-lock side: a waiter in the registry.
#include <lockfile/detail/wait_ticket.hpp>

#include "anchored_path.hpp"
#include "content_template.hpp"
#include "lock_access.hpp"
#include "registry.hpp"

namespace lockfile {
namespace detail {

wait_ticket::wait_ticket(path_arg path, const lock_options& options, std::function<void()> wake)
    : wait_ticket(path, static_cast<const simple_lock_options&>(options), std::move(wake))
{
    content_ = render_content(options.content_template, template_error_);
}

wait_ticket::wait_ticket(path_arg path, const simple_lock_options& options,
                         std::function<void()> wake)
    : waiter_(std::make_unique<waiter>())
{
    waiter_->path = anchored(path.get());
    waiter_->options = options;
    waiter_->wake = std::move(wake);
}

wait_ticket::~wait_ticket()
{
    leave();
}

lock_file wait_ticket::try_acquire(bool& watching, boost::system::error_code& ec)
{
    watching = false;
    if (template_error_) { // reported before any file is opened
        ec = template_error_;
        return {};
    }
    simple_lock_file lock = try_acquire_simple(watching, ec);
    if (!lock.owns_lock())
        return {};
    return lock_access::make_lock_file(std::move(lock), content_, ec);
}

simple_lock_file wait_ticket::try_acquire_simple(bool& watching, boost::system::error_code& ec)
{
    return held(registry::instance().acquire_or_wait(*waiter_, watching, ec));
}

simple_lock_file wait_ticket::acquire_in_kernel(bool& watching, boost::system::error_code& ec)
{
    return held(registry::instance().acquire_in_kernel(*waiter_, watching, ec));
}

simple_lock_file wait_ticket::held(std::shared_ptr<lock_entry> entry) const
{
    if (!entry)
        return {};
    return lock_access::make_simple_lock_file(std::move(entry), waiter_->path,
                                              waiter_->options.mode);
}

void wait_ticket::leave() noexcept
{
    registry::instance().leave(*waiter_);
}

int wait_ticket::event_reader()
{
    return registry::instance().event_reader(*waiter_);
}

void wait_ticket::on_watch_events(const char* data, std::size_t size) noexcept
{
    registry::instance().on_watch_events(data, size);
}

} // namespace detail
} // namespace lockfile
