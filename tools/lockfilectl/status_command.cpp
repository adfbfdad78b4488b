// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl status: whether a lock file is locked, by whom, and what its
// last holder wrote. The path and the content are bytes that anyone may have
// chosen, so the JSON output stays valid JSON whatever they hold (with the
// exact bytes in base64 beside them), and the text output never sends a
// control character to the terminal raw.

#include "commands.hpp"

#include <lockfile/error.hpp>
#include <lockfile/lock_status.hpp>
#include <lockfile/who_holds.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

namespace lockfilectl {

namespace {

// What the lock file says about its holder, or why it could not be read.
struct content_read {
    lockfile::holder_info holder;
    boost::system::error_code error;
};

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

// How quote() shows a byte that is not part of valid UTF-8.
enum class bad_bytes {
    replace, // as U+FFFD: a JSON string is Unicode (its exact bytes go in base64)
    escape,  // as \xNN: the text output shows people the exact bytes
};

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

// text in double quotes, escaped as in JSON; a byte that is not UTF-8 as
// `bad` says (\xNN is not JSON: for the text output only).
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

// Standard base64 (RFC 4648, with padding).
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

// text as it is when that is safe to print (valid UTF-8 without control
// characters, quotes or backslashes), or quoted with escapes.
std::string shown(const std::string& text)
{
    std::string quoted = quote(text, bad_bytes::escape);
    return quoted == '"' + text + '"' ? text : quoted;
}

const char* mode_name(lockfile::lock_mode mode)
{
    return mode == lockfile::lock_mode::shared ? "shared" : "exclusive";
}

void print_json(const std::string& path, const lockfile::lock_status& status,
                const content_read& content)
{
    const lockfile::holder_info& holder = content.holder;
    const bool readable = !content.error;
    const std::string null = "null";
    std::ostringstream pids;
    for (std::size_t i = 0; i < status.pids.size(); ++i)
        pids << (i ? "," : "") << status.pids[i];
    std::cout << "{\"path\":" << json_string(path)
              << ",\"path_base64\":" << json_string(base64(path))
              << ",\"locked\":" << (status.locked ? "true" : "false")
              << ",\"mode\":" << (status.locked ? json_string(mode_name(status.mode)) : null)
              << ",\"pids\":[" << pids.str()
              << "],\"pid\":" << (holder.pid ? std::to_string(*holder.pid) : null)
              << ",\"hostname\":" << (readable ? json_string(holder.hostname) : null)
              << ",\"content\":" << (readable ? json_string(holder.content) : null)
              << ",\"content_base64\":" << (readable ? json_string(base64(holder.content)) : null)
              << ",\"content_error\":" << (readable ? null : json_string(content.error.message()))
              << "}\n";
}

void print_content(const content_read& content)
{
    const lockfile::holder_info& holder = content.holder;
    if (content.error == boost::system::errc::no_such_file_or_directory) {
        std::cout << "content: none (the file does not exist)\n";
    } else if (content.error) {
        std::cout << "content: not readable (" << content.error.message() << ")\n";
    } else {
        if (holder.pid)
            std::cout << "last written by pid " << *holder.pid
                      << (holder.hostname.empty() ? "" : " on " + shown(holder.hostname)) << "\n";
        std::cout << "content: " << quote(holder.content, bad_bytes::escape) << "\n";
    }
}

void print_text(const std::string& path, const lockfile::lock_status& status,
                const content_read& content)
{
    std::cout << shown(path) << ": " << (status.locked ? "locked" : "free");
    if (status.locked) {
        std::cout << " (" << mode_name(status.mode) << ") by pid";
        for (const long pid : status.pids)
            std::cout << " " << pid;
    }
    std::cout << "\n";
    print_content(content);
}

} // namespace

int status_command(const options& options)
{
    // query_lock judges the path as taking the lock would: a symlink (even to
    // a locked file), a FIFO, a device, a directory or a missing directory is
    // an error, never "free". A missing file in a directory that exists is
    // free.
    boost::system::error_code ec;
    const lockfile::lock_status status = lockfile::query_lock(options.path, ec);
    if (ec) {
        std::cerr << "lockfilectl: " << lockfile::lock_error(ec, options.path, "query").what()
                  << "\n";
        return 2;
    }
    // The status stands without the content: a reader who may not read the
    // file is told so, beside the kernel's answer.
    content_read content;
    content.holder = lockfile::who_holds(options.path, content.error);
    if (options.json)
        print_json(options.path, status, content);
    else
        print_text(options.path, status, content);
    return status.locked ? 1 : 0;
}

} // namespace lockfilectl
