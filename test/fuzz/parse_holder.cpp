// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// libFuzzer target: parsing a holder's content (lockfile::parse_holder).
// Whatever the bytes, parsing neither crashes nor loses them, and a pid is
// only ever read from digits.
#include <lockfile/who_holds.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string content(reinterpret_cast<const char*>(data), size);
    const lockfile::holder_info holder = lockfile::parse_holder(content);
    if (holder.content != content)
        std::abort();
    if (holder.pid && (*holder.pid < 0 || content.find(std::to_string(*holder.pid)) ==
                                              std::string::npos))
        std::abort();
    return 0;
}
