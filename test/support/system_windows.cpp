// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// What the tests ask of the system itself, on Windows.

#include "test_env.hpp"

#include <windows.h>

namespace lockfile_test {

boost::filesystem::path non_regular_file(const boost::filesystem::path&)
{
    return "NUL";
}

long process_id()
{
    return static_cast<long>(::GetCurrentProcessId());
}

std::string host_name()
{
    wchar_t name[MAX_COMPUTERNAME_LENGTH + 256] = {};
    DWORD size = sizeof name / sizeof name[0];
    ::GetComputerNameExW(ComputerNamePhysicalDnsHostname, name, &size);
    std::string narrow;
    for (DWORD i = 0; i < size; ++i) // host names are ASCII
        narrow += static_cast<char>(name[i]);
    return narrow;
}

} // namespace lockfile_test
