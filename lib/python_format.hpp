// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_LIB_PYTHON_FORMAT_HPP_INCLUDED
#define LOCKFILE_LIB_PYTHON_FORMAT_HPP_INCLUDED

// zc.lockfile's content template, rendered as its
//     content_template.format(pid=os.getpid(), hostname=LazyHostName())
// renders it with CPython 3.11's str.format, byte for byte (the template
// and the host name in UTF-8; 'n' as in the C locale, which Python keeps
// for numbers unless the program changes it).
//
// Accepted, as Python accepts them: {{ and }}; {pid} and {hostname}; the
// conversions !s, !r, !a of pid (an int: all three give its digits); and
// a format spec after ':', Python's mini-language
//     [[fill]align][sign][z][#][0][width][grouping][.precision][type]
// with pid an int (types b c d n o x X, and e E f F g G % on the int
// made a float) and, after a conversion, a str (type s). The host name is
// a str only through !s: zc.lockfile passes a LazyHostName, whose
// __format__ is object's, which refuses any non-empty spec.
//
// Rejected (error::bad_template): what Python rejects (unknown names,
// positional fields {} and {0}, malformed specs, a spec that does not fit
// the type, 'c' beyond U+10FFFF or on a surrogate, which Python cannot
// write to the UTF-8 file), and what Python accepts but is not rendered,
// deliberately:
// - attributes and indexes ({pid.real}, {hostname[0]}): they reach into
//   Python objects (hostname.__class__...);
// - !r and !a of hostname: repr(LazyHostName()) holds a memory address;
// - nested replacement fields ({pid:>{pid}}): a field ends at its first
//   brace;
// - widths and precisions above max_field_width, and those written with
//   other digits than 0-9 (Python takes any Unicode decimal digit, whose
//   set grows with its Unicode version).
//
// A dependency on {fmt} (Debian 12 has fmt 9) was weighed and not taken:
// its mini-language looks like Python's but is not: no '=' alignment, no
// ',' or '_' grouping, no '%' or 'n' type, a '0' flag that yields to an
// explicit alignment, widths counted in terminal columns rather than code
// points, and no !r/!a conversions. Adapting it would take as much code as
// this parser, which follows CPython's own (Python/formatter_unicode.c).

#include <boost/system/error_code.hpp>

#include <string>
#include <string_view>

namespace lockfile {
namespace detail {

// The largest width or precision rendered. A lock file's content is one
// line, read by people and by tools; its longest useful field is a host
// name (at most 255 bytes), and 4096 leaves room for any layout while a
// typo such as {pid:100000000} cannot write 100 MB to the lock file.
constexpr long max_field_width = 4096;

// What zc.lockfile passes to str.format.
struct template_values {
    long pid;
    std::string hostname;
};

// The template rendered, without zc.lockfile's " " before and "\n" after
// it; on a template Python rejects or that is deliberately not rendered
// (see above), ec = error::bad_template and the result is empty. Bytes
// that are not UTF-8 are copied as they are outside replacement fields.
std::string render_template(std::string_view content_template, const template_values& values,
                            boost::system::error_code& ec);

} // namespace detail
} // namespace lockfile

#endif // LOCKFILE_LIB_PYTHON_FORMAT_HPP_INCLUDED
