// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_DETAIL_ON_STRAND_HPP_INCLUDED
#define LOCKFILE_DETAIL_ON_STRAND_HPP_INCLUDED

// A handler bound to a strand and to nothing else: how async_acquire's steps
// stay on their strand.

#include <utility>

namespace lockfile {
namespace detail {

// A handler that runs `handler` on `strand` and hides every other associated
// property (in particular the cancellation slot: cancellation reaches the
// state through post_cancel(), on its strand, never from a foreign thread).
template <class Handler, class Strand> struct on_strand {
    using executor_type = Strand;
    executor_type get_executor() const noexcept { return strand; }

    template <class... Args> void operator()(Args&&... args)
    {
        handler(std::forward<Args>(args)...);
    }

    Handler handler;
    Strand strand;
};

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_DETAIL_ON_STRAND_HPP_INCLUDED
