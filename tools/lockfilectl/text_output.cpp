// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Quoting and encoding bytes for lockfilectl's text and JSON output.
#include "text_output.hpp"

#include <algorithm>
#include <cstdio>

namespace lockfilectl {

namespace {

// The lead bytes of valid UTF-8 (Unicode's table 3-7): the sequence's length
// and the bounds of its second byte (later ones are 80..BF). Overlong forms,
// surrogates and code points past U+10FFFF have no entry, so they are not
// valid: a strict decoder refuses them.
struct utf8_lead {
    unsigned char first, last;
    std::size_t length;
    unsigned char low, high;
};
constexpr utf8_lead utf8_leads[] = {
    {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
    {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF}, {0xF0, 0xF0, 4, 0x90, 0xBF},
    {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
};

// The length of the valid UTF-8 sequence that starts at text[at], or 0 if
// the byte there does not start one.
std::size_t utf8_length(std::string_view text, std::size_t at)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
    if (byte(0) < 0x80)
        return 1;
    for (const utf8_lead& lead : utf8_leads) {
        if (byte(0) < lead.first || byte(0) > lead.last)
            continue;
        if (text.size() - at < lead.length || byte(1) < lead.low || byte(1) > lead.high)
            return 0;
        for (std::size_t i = 2; i < lead.length; ++i)
            if ((byte(i) & 0xC0) != 0x80)
                return 0;
        return lead.length;
    }
    return 0;
}

void append_formatted(std::string& out, const char* format, unsigned value)
{
    char escaped[8];
    std::snprintf(escaped, sizeof escaped, format, value);
    out += escaped;
}

// JSON's two-character escape for c, or null if it has none.
const char* short_escape(unsigned char c)
{
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    }
    return nullptr;
}

// Appends one valid UTF-8 sequence as a JSON string holds it. Every control
// character (C0, DEL, C1) is escaped, not only those JSON requires, so that
// none reaches a terminal.
void append_escaped(std::string& out, std::string_view sequence)
{
    const auto first = static_cast<unsigned char>(sequence[0]);
    const auto second = sequence.size() > 1 ? static_cast<unsigned char>(sequence[1]) : 0u;
    if (sequence.size() == 1 && short_escape(first))
        out += short_escape(first);
    else if (sequence.size() == 1 && (first < 0x20 || first == 0x7F))
        append_formatted(out, "\\u%04x", first);
    else if (sequence.size() == 2 && first == 0xC2 && second < 0xA0) // C1: U+0080..U+009F
        append_formatted(out, "\\u%04x", second);
    else
        out += sequence;
}

} // namespace

std::string quote(std::string_view text, bad_bytes bad)
{
    std::string out = "\"";
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = utf8_length(text, at);
        if (length > 0)
            append_escaped(out, text.substr(at, length));
        else if (bad == bad_bytes::replace)
            out += "\xEF\xBF\xBD"; // U+FFFD, for this one byte
        else
            append_formatted(out, "\\x%02x", static_cast<unsigned char>(text[at]));
        at += std::max<std::size_t>(length, 1);
    }
    return out + "\"";
}

std::string base64(std::string_view bytes)
{
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t at = 0; at < bytes.size(); at += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - at);
        unsigned long group = 0;
        for (std::size_t i = 0; i < 3; ++i)
            group = group << 8 | (i < n ? static_cast<unsigned char>(bytes[at + i]) : 0u);
        for (std::size_t i = 0; i < 4; ++i)
            out += i <= n ? alphabet[(group >> (18 - 6 * i)) & 0x3F] : '=';
    }
    return out;
}

std::string json_string(std::string_view text)
{
    return quote(text, bad_bytes::replace);
}

std::string shown(const std::string& text)
{
    std::string quoted = quote(text, bad_bytes::escape);
    return quoted == '"' + text + '"' ? text : quoted;
}

} // namespace lockfilectl
