// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_TEXT_OUTPUT_HPP_INCLUDED
#define LOCKFILECTL_TEXT_OUTPUT_HPP_INCLUDED

// Bytes that anyone may have chosen (a path, a lock's content or name) shown
// safely: JSON that stays valid whatever they hold, and text that never
// sends a control character to the terminal raw.

#include <string>
#include <string_view>

namespace lockfilectl {

// How quote() shows a byte that is not part of valid UTF-8.
enum class bad_bytes {
    replace, // as U+FFFD: a JSON string is Unicode (its exact bytes go in base64)
    escape,  // as \xNN: the text output shows people the exact bytes
};

// text in double quotes, escaped as in JSON; a byte that is not UTF-8 as
// `bad` says (\xNN is not JSON: for the text output only).
std::string quote(std::string_view text, bad_bytes bad);

// Standard base64 (RFC 4648, with padding).
std::string base64(std::string_view bytes);

// A JSON string of text (invalid UTF-8 replaced: give the bytes in base64).
std::string json_string(std::string_view text);

// text as it is when that is safe to print (valid UTF-8 without control
// characters, quotes or backslashes), or quoted with escapes.
std::string shown(const std::string& text);

} // namespace lockfilectl

#endif // LOCKFILECTL_TEXT_OUTPUT_HPP_INCLUDED
