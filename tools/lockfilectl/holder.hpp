// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_HOLDER_HPP_INCLUDED
#define LOCKFILECTL_HOLDER_HPP_INCLUDED

#include <string>

namespace lockfilectl {

// Who holds the lock on path, for people: "pid 4242 on build-3", "pid 4242",
// or "" when nothing is known. The content's pid and host are trusted only
// when the kernel lists that pid as a holder (the content of a released lock
// stays behind); without the kernel's list (not Linux), the content alone.
std::string describe_holder(const std::string& path);

// "pid 4242 on build-3", or "pid 4242" without a host name.
std::string describe_process(long pid, const std::string& hostname);

} // namespace lockfilectl

#endif // LOCKFILECTL_HOLDER_HPP_INCLUDED
