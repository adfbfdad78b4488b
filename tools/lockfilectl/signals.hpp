// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_SIGNALS_HPP_INCLUDED
#define LOCKFILECTL_SIGNALS_HPP_INCLUDED

// The signals whose default action ends a process and that a process can
// catch: what lockfilectl forwards to its command, or ends a wait with.

#include <signal.h>

#include <vector>

namespace lockfilectl {

const std::vector<int>& terminating_signals();

// terminating_signals() as a set, with SIGCHLD when `with_child_end`.
sigset_t terminating_signal_set(bool with_child_end);

} // namespace lockfilectl

#endif // LOCKFILECTL_SIGNALS_HPP_INCLUDED
