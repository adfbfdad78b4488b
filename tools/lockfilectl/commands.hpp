// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_COMMANDS_HPP_INCLUDED
#define LOCKFILECTL_COMMANDS_HPP_INCLUDED

#include "command_line.hpp"

namespace lockfilectl {

// Each returns the exit status.
int run_command(const options& options);
int status_command(const options& options);
int hold_command(const options& options);

#if defined(LOCKFILECTL_WITH_ETCD)
// The same with --etcd: the lock NAME on etcd.
int etcd_run_command(const options& options);
int etcd_status_command(const options& options);
int etcd_hold_command(const options& options);
#endif

} // namespace lockfilectl

#endif // LOCKFILECTL_COMMANDS_HPP_INCLUDED
