// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_DETAIL_ASIO_CANCELLATION_HPP_INCLUDED
#define LOCKFILE_DETAIL_ASIO_CANCELLATION_HPP_INCLUDED

// Per-operation cancellation (Asio's cancellation slots, since Boost 1.77)
// for a composed operation's `self`: the one place that asks the Boost
// version. Before 1.77 these do nothing, and an acquisition is cancelled by
// basic_lock_waiter::cancel() alone. LOCKFILE_ASIO_HAS_CANCELLATION_SLOTS is
// defined where per-operation cancellation works.

#include <boost/version.hpp>

#if BOOST_VERSION >= 107700
#define LOCKFILE_ASIO_HAS_CANCELLATION_SLOTS 1
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/cancellation_state.hpp>
#include <boost/asio/cancellation_type.hpp>
#endif

#include <functional>

namespace lockfile {
namespace detail {

#if defined(LOCKFILE_ASIO_HAS_CANCELLATION_SLOTS)

// Terminal, partial and total alike: a cancelled acquisition holds nothing
// and leaves nothing behind.
template <class Self> void accept_every_cancellation(Self& self)
{
    self.reset_cancellation_state(boost::asio::enable_total_cancellation());
}

// A cancellation emitted between two waits.
template <class Self> bool cancellation_requested(const Self& self)
{
    return self.cancelled() != boost::asio::cancellation_type::none;
}

// Calls cancel() (from whatever thread emits it) when a cancellation is
// emitted during the coming wait. async_compose clears the slot at every
// step: this is called before each wait.
template <class Self, class Cancel> void on_cancellation(Self& self, Cancel cancel)
{
    auto slot = self.get_cancellation_state().slot();
    if (slot.is_connected())
        slot.assign([cancel](boost::asio::cancellation_type type) {
            if (type != boost::asio::cancellation_type::none)
                cancel();
        });
}

// For an operation started without async_compose: every cancellation type
// emitted on the handler's slot calls `cancel` (from whatever thread emits
// it). Returns what disconnects it, to call before the handler is.
template <class Handler, class Cancel>
std::function<void()> connect_cancellation(const Handler& handler, Cancel cancel)
{
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    if (!slot.is_connected())
        return [] {};
    slot.assign([cancel](boost::asio::cancellation_type type) {
        if (type != boost::asio::cancellation_type::none)
            cancel();
    });
    return [slot]() mutable { slot.clear(); };
}

#else

template <class Self> void accept_every_cancellation(Self&) {}
template <class Self> bool cancellation_requested(const Self&)
{
    return false;
}
template <class Self, class Cancel> void on_cancellation(Self&, Cancel) {}
template <class Handler, class Cancel>
std::function<void()> connect_cancellation(const Handler&, Cancel)
{
    return [] {};
}

#endif

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_DETAIL_ASIO_CANCELLATION_HPP_INCLUDED
