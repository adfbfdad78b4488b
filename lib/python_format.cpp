// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The functions below follow CPython 3.11's Objects/stringlib/
// unicode_format.h (fields) and Python/formatter_unicode.c (specs); their
// comments name the CPython functions they follow where the rules are
// subtle.
#include "python_format.hpp"

#include <lockfile/error.hpp>

#include <algorithm>
#include <cmath>

namespace lockfile {
namespace detail {

namespace {

// ---- UTF-8: Python's str counts and pads code points.

// The length of the UTF-8 sequence that text starts with, or 0 if it does
// not start with one (overlong forms and surrogates are not UTF-8).
std::size_t code_point_length(std::string_view text)
{
    if (text.empty())
        return 0;
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    const std::size_t length = lead < 0x80                    ? 1
                               : lead >= 0xC2 && lead <= 0xDF ? 2
                               : lead >= 0xE0 && lead <= 0xEF ? 3
                               : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                              : 0;
    if (length == 0 || length > text.size())
        return 0;
    for (std::size_t i = 1; i < length; ++i)
        if ((byte(i) & 0xC0) != 0x80)
            return 0;
    const unsigned char second = length > 1 ? byte(1) : 0x80;
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))
        return 0;
    return length;
}

// The byte length of text's first `count` code points (all of text if it
// has fewer). A byte that is not UTF-8 counts as one, as Python decodes a
// host name with surrogateescape.
std::size_t prefix_length(std::string_view text, long count)
{
    std::size_t pos = 0;
    for (; pos < text.size() && count > 0; --count)
        pos += std::max<std::size_t>(1, code_point_length(text.substr(pos)));
    return pos;
}

long count_code_points(std::string_view text)
{
    long count = 0;
    for (std::size_t pos = 0; pos < text.size(); ++count)
        pos += std::max<std::size_t>(1, code_point_length(text.substr(pos)));
    return count;
}

void append_utf8(std::string& out, unsigned long code_point)
{
    const auto put = [&](unsigned long bits) { out += static_cast<char>(bits); };
    if (code_point < 0x80) {
        put(code_point);
    } else if (code_point < 0x800) {
        put(0xC0 | code_point >> 6);
        put(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
        put(0xE0 | code_point >> 12);
        put(0x80 | (code_point >> 6 & 0x3F));
        put(0x80 | (code_point & 0x3F));
    } else {
        put(0xF0 | code_point >> 18);
        put(0x80 | (code_point >> 12 & 0x3F));
        put(0x80 | (code_point >> 6 & 0x3F));
        put(0x80 | (code_point & 0x3F));
    }
}

// ---- The format spec.

// [[fill]align][sign][z][#][0][width][grouping][.precision][type]
struct format_spec {
    std::string_view fill = " "; // one code point, in UTF-8
    char align = '\0';
    char sign = '\0';
    bool no_negative_zero = false; // 'z'
    bool alternate = false;        // '#'
    long width = -1;               // -1: none
    char grouping = '\0';          // ',' or '_'
    long precision = -1;           // -1: none
    char type = '\0';
};

bool is_align(char c)
{
    return c == '<' || c == '>' || c == '=' || c == '^';
}

bool consume(std::string_view text, std::size_t& pos, char c)
{
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// A width or precision: -1 if there are no digits; beyond max_field_width
// if there are too many to render (they are all consumed, and the count
// saturates rather than overflows).
long read_count(std::string_view text, std::size_t& pos)
{
    long count = -1;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos)
        count = std::min(max_field_width + 1, std::max(count, 0L) * 10 + (text[pos] - '0'));
    return count;
}

// CPython's parse_internal_render_format_spec: false for a spec it rejects
// whatever the value, or for one deliberately not rendered. Non-ASCII
// characters other than the fill leave the spec unparsed: Python rejects
// them, or reads them as Unicode digits, which are not rendered.
// The presentation types that format an int as a float would.
bool is_float_type(char type)
{
    switch (type) {
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case '%':
        return true;
    default:
        return false;
    }
}

// Grouping: ',' for decimal numbers only (PEP 378), '_' also for binary,
// octal and hexadecimal (PEP 515).
bool grouping_allowed(char grouping, char type)
{
    if (type == 'd' || is_float_type(type))
        return true;
    return grouping == '_' && (type == 'b' || type == 'o' || type == 'x' || type == 'X');
}

// [[fill]align] at the start of a non-empty spec: the fill is one code
// point. Returns where the rest begins, 0 if neither is given.
std::size_t parse_fill_and_align(std::string_view text, format_spec& spec, bool& fill_given)
{
    const std::size_t fill_length = code_point_length(text);
    fill_given = fill_length < text.size() && is_align(text[fill_length]);
    if (fill_given) {
        spec.fill = text.substr(0, fill_length);
        spec.align = text[fill_length];
        return fill_length + 1;
    }
    if (is_align(text[0])) {
        spec.align = text[0];
        return 1;
    }
    return 0;
}

bool parse_spec(std::string_view text, char default_type, char default_align, format_spec& spec)
{
    spec.align = default_align;
    spec.type = default_type;
    if (code_point_length(text) == 0)
        return false;
    bool fill_given = false;
    std::size_t pos = parse_fill_and_align(text, spec, fill_given);
    const bool align_given = pos > 0;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-' || text[pos] == ' '))
        spec.sign = text[pos++];
    spec.no_negative_zero = consume(text, pos, 'z');
    spec.alternate = consume(text, pos, '#');
    // The '0' flag: zero fill, and for numbers without an explicit
    // alignment, padding after the sign (strings keep theirs, since 3.10).
    if (!fill_given && consume(text, pos, '0')) {
        spec.fill = "0";
        if (!align_given && default_align == '>')
            spec.align = '=';
    }
    spec.width = read_count(text, pos);
    if (consume(text, pos, ','))
        spec.grouping = ',';
    if (consume(text, pos, '_')) {
        if (spec.grouping != '\0')
            return false;
        spec.grouping = '_';
    }
    if (spec.grouping == '_' && pos < text.size() && text[pos] == ',')
        return false;
    if (consume(text, pos, '.')) {
        spec.precision = read_count(text, pos);
        if (spec.precision < 0)
            return false;
    }
    if (spec.width > max_field_width || spec.precision > max_field_width)
        return false;
    if (text.size() - pos > 1)
        return false;
    if (pos < text.size())
        spec.type = text[pos];
    return spec.grouping == '\0' || grouping_allowed(spec.grouping, spec.type);
}

void append_fill(std::string& out, std::string_view fill, long count)
{
    for (; count > 0; --count)
        out += fill;
}

// ---- Numbers.

// A number in the parts that CPython pads and groups separately.
struct number_text {
    bool negative = false;
    std::string_view prefix; // "0x" and the like, with '#'
    std::string digits;      // what grouping separates; empty for 'c'
    std::string remainder;   // the decimal point and what follows, or the 'c' character
};

// The size of a group of digits, 0 for none: '_' groups hexadecimal,
// octal and binary digits by four.
long group_size(const format_spec& spec)
{
    if (spec.grouping == '\0')
        return 0;
    const bool power_of_two =
        spec.type == 'b' || spec.type == 'o' || spec.type == 'x' || spec.type == 'X';
    return spec.grouping == '_' && power_of_two ? 4 : 3;
}

// CPython's _PyUnicode_InsertThousandsGrouping: the digits in groups of
// `group` (0: one group), widened with leading zeros, grouped too, to at
// least min_width characters. Its last group of zeros may make the result
// one character longer than min_width: format(1234, '012,') is
// '0,000,001,234', as a group never starts with a separator.
std::string group_digits(std::string_view digits, long group, char separator, long min_width)
{
    std::string reversed;
    long remaining = static_cast<long>(digits.size());
    min_width = std::max(0L, min_width);
    const auto add_group = [&](long length) {
        if (!reversed.empty())
            reversed += separator;
        const long taken = std::min(remaining, length);
        for (long i = 1; i <= taken; ++i)
            reversed += digits[static_cast<std::size_t>(remaining - i)];
        reversed.append(static_cast<std::size_t>(length - taken), '0');
        remaining -= taken;
    };
    if (group > 0) {
        for (;;) {
            const long length = std::min(group, std::max({remaining, min_width, 1L}));
            add_group(length);
            min_width -= length;
            if (remaining <= 0 && min_width <= 0)
                break;
            min_width -= 1; // the separator's
        }
    } else {
        add_group(std::max({remaining, min_width, 1L}));
    }
    return {reversed.rbegin(), reversed.rend()};
}

// CPython's calc_number_widths and fill_number: padding, sign, prefix,
// padding ('=' alignment), grouped digits, remainder, padding. Zero
// padding after the sign ('0' fill and '=' alignment) is part of the
// digits, so grouping separates it too: format(1234, '010,') is
// '00,001,234'.
void write_number(const number_text& number, const format_spec& spec, std::string& out)
{
    std::string_view sign;
    if (number.negative)
        sign = "-";
    else if (spec.sign == '+' || spec.sign == ' ')
        sign = spec.sign == '+' ? "+" : " ";
    const long fixed =
        static_cast<long>(sign.size() + number.prefix.size()) + count_code_points(number.remainder);
    const long min_width = spec.fill == "0" && spec.align == '=' ? spec.width - fixed : 0;
    const std::string grouped =
        number.digits.empty()
            ? std::string()
            : group_digits(number.digits, group_size(spec), spec.grouping, min_width);
    const long padding = std::max(0L, spec.width - fixed - static_cast<long>(grouped.size()));
    const long left = spec.align == '>' ? padding : spec.align == '^' ? padding / 2 : 0;
    const long inner = spec.align == '=' ? padding : 0;
    append_fill(out, spec.fill, left);
    out += sign;
    out += number.prefix;
    append_fill(out, spec.fill, inner);
    out += grouped;
    out += number.remainder;
    append_fill(out, spec.fill, padding - left - inner);
}

std::string to_base(unsigned long magnitude, unsigned base, bool upper)
{
    const char* digit_chars = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string reversed;
    do {
        reversed += digit_chars[magnitude % base];
        magnitude /= base;
    } while (magnitude != 0);
    return {reversed.rbegin(), reversed.rend()};
}

// The integer presentation types: b c d n o x X.
bool format_integer(long value, const format_spec& spec, std::string& out)
{
    if (spec.precision >= 0 || spec.no_negative_zero)
        return false;
    number_text number;
    if (spec.type == 'c') {
        if (spec.sign != '\0' || spec.alternate)
            return false;
        // Python refuses code points beyond U+10FFFF, and formats a
        // surrogate but cannot write it to the UTF-8 lock file.
        if (value < 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            return false;
        append_utf8(number.remainder, static_cast<unsigned long>(value));
    } else {
        const unsigned base = spec.type == 'b'                       ? 2
                              : spec.type == 'o'                     ? 8
                              : spec.type == 'x' || spec.type == 'X' ? 16
                                                                     : 10; // d, and n in C
        const bool upper = spec.type == 'X';
        number.negative = value < 0;
        // Negated as unsigned: the magnitude of LONG_MIN is not a long.
        const auto magnitude = static_cast<unsigned long>(value);
        number.digits = to_base(number.negative ? 0UL - magnitude : magnitude, base, upper);
        if (spec.alternate && base != 10)
            number.prefix = base == 2 ? "0b" : base == 8 ? "0o" : upper ? "0X" : "0x";
    }
    write_number(number, spec, out);
    return true;
}

// The exact decimal digits of a whole double (an int made a float, times
// 100 for '%': below 2^70). Halving keeps it whole above 2^64, where its 53
// significant bits leave low zero bits.
std::string whole_digits(double magnitude)
{
    int halvings = 0;
    for (; magnitude >= 18446744073709551616.0; ++halvings)
        magnitude /= 2;
    std::string digits = std::to_string(static_cast<unsigned long long>(magnitude));
    for (; halvings > 0; --halvings) {
        int carry = 0;
        for (auto digit = digits.rbegin(); digit != digits.rend(); ++digit) {
            const int doubled = (*digit - '0') * 2 + carry;
            *digit = static_cast<char>('0' + doubled % 10);
            carry = doubled / 10;
        }
        if (carry != 0)
            digits.insert(digits.begin(), '1');
    }
    return digits;
}

// A whole number's first `count` significant digits, rounded half to even
// as Python's correctly rounded float formatting does (exactly: the digits
// are exact), and the decimal exponent of the first.
std::string significant_digits(std::string digits, long count, long& exponent)
{
    exponent = static_cast<long>(digits.size()) - 1;
    const auto size = static_cast<std::size_t>(count);
    if (digits.size() <= size) {
        digits.resize(size, '0');
        return digits;
    }
    const char next = digits[size];
    const bool round_up =
        next > '5' ||
        (next == '5' && (digits.find_first_not_of('0', size + 1) != std::string::npos ||
                         (digits[size - 1] - '0') % 2 == 1));
    digits.resize(size);
    if (round_up) {
        std::size_t i = size;
        for (; i > 0 && digits[i - 1] == '9'; --i)
            digits[i - 1] = '0';
        if (i > 0) {
            ++digits[i - 1];
        } else { // 99.. became 100..
            digits.insert(digits.begin(), '1');
            digits.pop_back();
            ++exponent;
        }
    }
    return digits;
}

// d.ddde+XX (the exponent of a whole number is never negative).
std::string exponent_notation(const std::string& significant, long exponent, bool point, char e)
{
    std::string text(1, significant[0]);
    if (point)
        text += '.';
    text.append(significant, 1);
    text += e;
    text += exponent < 10 ? "+0" : "+";
    text += std::to_string(exponent);
    return text;
}

// Python's float presentation types on a whole number's digits, without
// its sign: f F % (nothing to round), e E, g G (C's %g rules: exponent
// notation when the exponent reaches the precision, trailing zeros dropped
// unless '#').
std::string float_text(const std::string& digits, char type, long precision, bool alternate)
{
    const char e = type == 'E' || type == 'G' ? 'E' : 'e';
    long exponent = 0;
    if (type == 'e' || type == 'E') {
        const std::string significant = significant_digits(digits, precision + 1, exponent);
        return exponent_notation(significant, exponent, precision > 0 || alternate, e);
    }
    if (type == 'g' || type == 'G') {
        precision = std::max(precision, 1L);
        std::string significant = significant_digits(digits, precision, exponent);
        if (!alternate)
            significant.erase(std::max<std::size_t>(1, significant.find_last_not_of('0') + 1));
        if (exponent >= precision)
            return exponent_notation(significant, exponent, alternate || significant.size() > 1, e);
        const auto integer_length = static_cast<std::size_t>(exponent + 1);
        std::string text = significant.substr(0, integer_length);
        text.resize(integer_length, '0');
        if (alternate || significant.size() > integer_length)
            text += '.';
        if (significant.size() > integer_length)
            text.append(significant, integer_length);
        return text;
    }
    std::string text = digits; // f, F, %
    if (precision > 0 || alternate)
        text += '.';
    text.append(static_cast<std::size_t>(precision), '0');
    return text;
}

// The float presentation types on the int made a float, as int.__format__
// does: e E f F g G %.
bool format_float(long value, const format_spec& spec, std::string& out)
{
    double number = static_cast<double>(value); // rounded to nearest, as Python's float()
    if (spec.type == '%')
        number *= 100; // in double, as Python does
    std::string text = float_text(whole_digits(std::fabs(number)), spec.type,
                                  spec.precision < 0 ? 6 : spec.precision, spec.alternate);
    if (spec.type == '%')
        text += '%';
    // CPython's parse_number: the leading digits are grouped, the rest not.
    const std::size_t digits_end = std::min(text.find_first_not_of("0123456789"), text.size());
    number_text parts;
    parts.negative = number < 0;
    parts.digits = text.substr(0, digits_end);
    parts.remainder = text.substr(digits_end);
    write_number(parts, spec, out);
    return true;
}

// format(int, spec). An empty spec is str(int).
bool format_int(long value, std::string_view spec_text, std::string& out)
{
    if (spec_text.empty()) {
        out += std::to_string(value);
        return true;
    }
    format_spec spec;
    if (!parse_spec(spec_text, 'd', '>', spec))
        return false;
    if (is_float_type(spec.type))
        return format_float(value, spec, out);
    switch (spec.type) {
    case 'b':
    case 'c':
    case 'd':
    case 'n':
    case 'o':
    case 'x':
    case 'X':
        return format_integer(value, spec, out);
    default:
        return false;
    }
}

// format(str, spec): width and precision count code points.
bool format_str(std::string_view text, std::string_view spec_text, std::string& out)
{
    format_spec spec;
    if (!spec_text.empty() &&
        (!parse_spec(spec_text, 's', '<', spec) || spec.type != 's' || spec.sign != '\0' ||
         spec.no_negative_zero || spec.alternate || spec.align == '='))
        return false;
    if (spec.precision >= 0)
        text = text.substr(0, prefix_length(text, spec.precision));
    const long padding = std::max(0L, spec.width - count_code_points(text));
    const long left = spec.align == '>' ? padding : spec.align == '^' ? padding / 2 : 0;
    append_fill(out, spec.fill, left);
    out += text;
    append_fill(out, spec.fill, padding - left);
    return true;
}

// One replacement field, between its braces: name[!conversion][:spec]
// (CPython's parse_field), rendered as str.format(pid=..., hostname=...)
// would.
bool render_field(std::string_view field, const template_values& values, std::string& out)
{
    const std::size_t name_end = std::min(field.find_first_of(":!"), field.size());
    const std::string_view name = field.substr(0, name_end);
    std::string_view rest = field.substr(name_end);
    char conversion = '\0';
    if (!rest.empty() && rest[0] == '!') {
        if (rest.size() < 2 || (rest[1] != 's' && rest[1] != 'r' && rest[1] != 'a'))
            return false;
        conversion = rest[1];
        rest = rest.substr(2);
        if (!rest.empty() && rest[0] != ':')
            return false;
    }
    const std::string_view spec = rest.empty() ? rest : rest.substr(1);
    if (name == "pid") {
        // An int's str, repr and ascii are all its digits.
        return conversion == '\0' ? format_int(values.pid, spec, out)
                                  : format_str(std::to_string(values.pid), spec, out);
    }
    if (name == "hostname") {
        // A LazyHostName: str() is the host name, repr() holds an address,
        // and object.__format__ refuses any non-empty spec.
        if (conversion == 's' || (conversion == '\0' && spec.empty()))
            return format_str(values.hostname, spec, out);
        return false;
    }
    // Other names: Python's KeyError or IndexError ({} and {0}: zc.lockfile
    // passes no positional argument), or attributes and indexes, which are
    // not rendered.
    return false;
}

} // namespace

// CPython's MarkupIterator_next: literal text, in which {{ and }} are
// braces, and replacement fields.
std::string render_template(std::string_view content_template, const template_values& values,
                            boost::system::error_code& ec)
{
    std::string out;
    std::size_t pos = 0;
    while (pos < content_template.size()) {
        const char c = content_template[pos];
        const bool doubled = pos + 1 < content_template.size() && content_template[pos + 1] == c;
        if ((c == '{' || c == '}') && doubled) {
            out += c;
            pos += 2;
        } else if (c == '{') {
            // A field ends at its first brace: an opening one starts a
            // nested field (not rendered) or is Python's error.
            const std::size_t end = content_template.find_first_of("{}", pos + 1);
            if (end == std::string_view::npos || content_template[end] == '{' ||
                !render_field(content_template.substr(pos + 1, end - pos - 1), values, out)) {
                ec = error::bad_template;
                return {};
            }
            pos = end + 1;
        } else if (c == '}') {
            ec = error::bad_template; // a lone '}', as Python rejects it
            return {};
        } else {
            out += c;
            ++pos;
        }
    }
    ec.clear();
    return out;
}

} // namespace detail
} // namespace lockfile
