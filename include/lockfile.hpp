// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_HPP_INCLUDED
#define LOCKFILE_HPP_INCLUDED

// Everything the library offers.

#include <lockfile/async_acquire.hpp>
#include <lockfile/async_options.hpp>
#include <lockfile/error.hpp>
#include <lockfile/file_lock.hpp>
#include <lockfile/lock_file.hpp>
#include <lockfile/lock_options.hpp>
#include <lockfile/lock_status.hpp>
#include <lockfile/path_arg.hpp>
#include <lockfile/simple_lock_file.hpp>
#include <lockfile/version.hpp>
#include <lockfile/wait.hpp>
#include <lockfile/who_holds.hpp>

#endif // LOCKFILE_HPP_INCLUDED
