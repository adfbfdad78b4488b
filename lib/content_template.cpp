// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#include "content_template.hpp"

#include "process.hpp"

#include <lockfile/error.hpp>

namespace lockfile {
namespace detail {

namespace {

// The value of one {placeholder}, or false if the name is unknown.
bool expand(std::string_view name, std::string& out)
{
    if (name == "pid")
        out += std::to_string(current_pid());
    else if (name == "hostname")
        out += host_name();
    else
        return false;
    return true;
}

} // namespace

std::string render_content(std::string_view content_template, boost::system::error_code& ec)
{
    std::string out;
    for (std::size_t i = 0; i < content_template.size(); ++i) {
        const char c = content_template[i];
        const bool doubled = i + 1 < content_template.size() && content_template[i + 1] == c;
        if ((c == '{' || c == '}') && doubled) {
            out += c;
            ++i;
        } else if (c == '{') {
            const std::size_t close = content_template.find('}', i);
            if (close == std::string_view::npos ||
                !expand(content_template.substr(i + 1, close - i - 1), out)) {
                ec = error::bad_template;
                return {};
            }
            i = close;
        } else if (c == '}') {
            ec = error::bad_template; // a lone '}', as Python rejects it
            return {};
        } else {
            out += c;
        }
    }
    ec.clear();
    return out;
}

} // namespace detail
} // namespace lockfile
