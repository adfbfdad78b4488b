// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// libFuzzer target: the content template (lib/content_template.cpp).
// Whatever the template, rendering neither crashes nor reads out of bounds,
// and a template without braces renders as itself.
#include "content_template.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    boost::system::error_code ec;
    const std::string rendered = lockfile::detail::render_content(text, ec);
    if (text.find_first_of("{}") == std::string_view::npos && (ec || rendered != text))
        std::abort();
    return 0;
}
