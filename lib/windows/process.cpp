// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// This process's id and host name on Windows.
#include "../process.hpp"

#include <windows.h>

namespace lockfile {
namespace detail {

long current_pid() noexcept
{
    return static_cast<long>(::GetCurrentProcessId());
}

void on_fork(void (*)(), void (*)(), void (*)()) {} // no fork on Windows

std::string host_name()
{
    // What Python's socket.gethostname() gives there, as zc.lockfile writes.
    wchar_t name[MAX_COMPUTERNAME_LENGTH + 256] = {};
    DWORD size = sizeof name / sizeof name[0];
    if (!::GetComputerNameExW(ComputerNamePhysicalDnsHostname, name, &size))
        return {};
    const int bytes = ::WideCharToMultiByte(CP_UTF8, 0, name, static_cast<int>(size), nullptr, 0,
                                            nullptr, nullptr);
    std::string utf8(static_cast<std::size_t>(bytes), '\0');
    ::WideCharToMultiByte(CP_UTF8, 0, name, static_cast<int>(size), utf8.data(), bytes, nullptr,
                          nullptr);
    return utf8;
}

} // namespace detail
} // namespace lockfile
