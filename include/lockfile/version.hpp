// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_VERSION_HPP_INCLUDED
#define LOCKFILE_VERSION_HPP_INCLUDED

// The library's version; CMakeLists.txt reads it from here.
#define LOCKFILE_VERSION_STRING "0.1.0"

#endif // LOCKFILE_VERSION_HPP_INCLUDED
