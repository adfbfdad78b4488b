// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The content template's replacement fields (lib/python_format.hpp), row
// by row against Debian's zc.lockfile: one python3 takes a LockFile with
// each row's template, and render_template must write the same bytes, or
// reject what Python rejects. A row may name the pid and host name Python
// sees (os.getpid and socket.gethostname replaced), to reach numbers and
// names that this process does not have.
#define BOOST_TEST_MODULE content_format
#include <boost/test/unit_test.hpp>

#include "../lib/python_format.hpp"

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <climits>
#include <sstream>
#include <string>
#include <vector>

namespace {

using lockfile::detail::render_template;

enum class verdict {
    same,         // Python writes it, and render_template the same bytes
    rejected,     // Python raises, and render_template rejects it
    not_rendered, // Python writes it, render_template deliberately rejects it
};

struct row {
    std::string text;
    verdict expected;
    std::string pid = "-";      // "-": the Python process's own
    std::string hostname = "-"; // "-": this machine's
};

constexpr verdict same = verdict::same;
constexpr verdict rejected = verdict::rejected;
constexpr verdict not_rendered = verdict::not_rendered;

const std::string long_max = std::to_string(LONG_MAX);
const std::string long_min = std::to_string(LONG_MIN);

// Each rule of CPython 3.11's str.format and format-spec mini-language
// that a template can reach, and each deliberate exception.
const std::vector<row> table = {
    // Literal text and field names.
    {"{pid}", same},
    {"{hostname}", same},
    {"{pid};{hostname}", same},
    {"{{pid}}={pid}", same},
    {"", same},
    {"no fields", same},
    {"{pid", rejected},
    {"pid}", rejected},
    {"{{pid}", rejected},
    {"{user}", rejected},
    {"{PID}", rejected},
    {"{ pid}", rejected},
    {"{}", rejected},
    {"{0}", rejected},
    {"{pid[0]}", rejected},
    {"{hostname[0]}", rejected}, // LazyHostName has no items
    {"{pid.real}", not_rendered, "1234"},
    {"{pid.real:>8}", not_rendered, "1234"},
    {"{hostname.__class__}", not_rendered},
    {"{pid:>{pid}}", not_rendered, "12"},
    {"{pid:{}}", rejected},
    // Conversions: an int's str, repr and ascii are its digits; the host
    // name is a LazyHostName, whose repr holds a memory address.
    {"{pid!r}", same},
    {"{pid!a}", same, "1234"},
    {"{pid!s:>8}", same, "1234"},
    {"{pid!r:<8}|", same, "1234"},
    {"{pid!s:08}", same, "1234"},
    {"{pid!r:d}", rejected, "1234"},
    {"{pid!x}", rejected},
    {"{pid!}", rejected},
    {"{pid!ss}", rejected},
    {"{pid!:>5}", rejected},
    {"{hostname!s}", same},
    {"{hostname!s:>30}", same},
    {"{hostname!r}", not_rendered},
    {"{hostname!a}", not_rendered},
    {"{hostname!r:>15}", not_rendered},
    // The host name takes a spec only as a str (!s): object.__format__.
    {"{hostname:}", same},
    {"{hostname:>12}", rejected},
    {"{hostname:s}", rejected},
    {"{hostname!s:.3}", same, "-", "example.org"},
    {"{hostname!s:*^20}", same, "-", "vm"},
    {"{hostname!s:*^21}", same, "-", "vm"},
    {"{hostname!s:010}", same, "-", "vm"},          // '0' pads a str on the right
    {"{hostname!s:>8}|", same, "-", "h\xc3\xb6st"}, // code points, not bytes
    {"{hostname!s:.2}|", same, "-", "h\xc3\xb6st"},
    {"{hostname!s:\xc3\xa9<7}", same, "-", "h\xc3\xb6st"},
    {"{hostname!s:5}|", same, "-", ""},
    {"{hostname!s:.0}|", same},
    {"{hostname!s:=10}", rejected},
    {"{hostname!s:+}", rejected},
    {"{hostname!s: }", rejected},
    {"{hostname!s:#}", rejected},
    {"{hostname!s:z}", rejected},
    {"{hostname!s:,}", rejected},
    {"{hostname!s:_}", rejected},
    {"{hostname!s:x}", rejected},
    // Fill, alignment, the '0' flag.
    {"{pid:08d}", same},
    {"{pid:8}", same, "1234"},
    {"{pid:<8}|", same, "1234"},
    {"{pid:^9}|", same, "1234"},
    {"{pid:*^10}", same, "1234"},
    {"{pid:\xc3\xa9>9}", same, "1234"}, // a multi-byte fill
    {"{pid:\t>6}", same, "1234"},
    {"{pid::>8}", same, "1234"},
    {"{pid:!>8}", same, "1234"},
    {"{pid:=+10}", same, "1234"},
    {"{pid:*=10}", same, "-1234"},
    {"{pid:010}", same, "-1234"},
    {"{pid:<010}", same, "1234"},
    {"{pid:x<010}", same, "1234"},
    {"{pid:0>8}", same, "1234"},
    {"{pid:0}", same, "1234"},
    {"{pid:00}", same, "1234"},
    {"{pid:=}", same, "1234"},
    // Sign.
    {"{pid:+}", same, "1234"},
    {"{pid: }", same, "1234"},
    {"{pid:-}", same, "1234"},
    {"{pid: }", same, "-1234"},
    {"{pid:+#x}", same, "1234"},
    // Grouping, and zero padding grouped with the digits.
    {"{pid:,}", same, "1234567"},
    {"{pid:_}", same, "1234567"},
    {"{pid:,d}", same, "-1234567"},
    {"{pid:010,}", same, "1234"},
    {"{pid:011,}", same, "1234"},
    {"{pid:012,}", same, "1234"}, // one longer than asked: '0,000,001,234'
    {"{pid:0=11_}", same, "1234"},
    {"{pid:010,}", same, "-1234"},
    {"{pid:0>12,}", same, "1234"},
    {"{pid:<010,}", same, "1234"},
    {"{pid:_b}", same, "1234"},
    {"{pid:_x}", same, "1234567"},
    {"{pid:_o}", same, "1234567"},
    {"{pid:#012_x}", same, "1234"},
    {"{pid:,x}", rejected},
    {"{pid:,b}", rejected},
    {"{pid:,_}", rejected},
    {"{pid:_,}", rejected},
    {"{pid:,n}", rejected},
    {"{pid:_n}", rejected},
    {"{pid:,c}", rejected},
    // Integer types.
    {"{pid:x}", same},
    {"{pid:#x}", same, "1234"},
    {"{pid:#X}", same, "1234"},
    {"{pid:#o}", same, "1234"},
    {"{pid:#b}", same, "1234"},
    {"{pid:#d}", same, "1234"},
    {"{pid:#010x}", same, "-1234"},
    {"{pid:n}", same, "1234567"}, // the C locale: no grouping
    {"{pid:d}", same, long_min},
    {"{pid:#x}", same, long_min},
    {"{pid:,}", same, long_max},
    {"{pid:.2d}", rejected},
    {"{pid:.2}", rejected},
    {"{pid:z}", rejected},
    {"{pid:zd}", rejected},
    {"{pid:#z}", rejected},
    {"{pid:s}", rejected},
    {"{pid:q}", rejected},
    {"{pid:dd}", rejected},
    {"{pid:.}", rejected},
    // 'c': the code point, written in UTF-8.
    {"{pid:c}", same, "65"},
    {"{pid:c}", same, "233"},
    {"{pid:c}", same, "0"},
    {"{pid:05c}", same, "65"},
    {"{pid:=5c}", same, "65"},
    {"{pid:*^5c}", same, "1114111"},
    {"{pid:c}", rejected, "1114112"}, // beyond U+10FFFF
    {"{pid:c}", rejected, "55296"},   // a surrogate, which UTF-8 cannot hold
    {"{pid:c}", rejected, "-1"},
    {"{pid:+c}", rejected, "65"},
    {"{pid:#c}", rejected, "65"},
    // Float types, on the int made a float.
    {"{pid:.2f}", same},
    {"{pid:f}", same, "1234"},
    {"{pid:F}", same, "1234"},
    {"{pid:e}", same, "1234"},
    {"{pid:E}", same, "1234567"},
    {"{pid:g}", same, "1234567"},
    {"{pid:G}", same, "12345678901"},
    {"{pid:%}", same, "1234"},
    {"{pid:.0%}", same, "1234"},
    {"{pid:,%}", same, "1234"},
    {"{pid:,.2f}", same, "1234567"},
    {"{pid:.1e}", same, "125"}, // ties round half to even
    {"{pid:.1e}", same, "135"},
    {"{pid:.2g}", same, "125"},
    {"{pid:.0e}", same, "9999"},
    {"{pid:#.0e}", same, "1234"},
    {"{pid:#.0f}", same, "1234"},
    {"{pid:#g}", same, "1234"},
    {"{pid:#g}", same, "0"},
    {"{pid:g}", same, "0"},
    {"{pid:.3g}", same, "1200"},
    {"{pid:.5g}", same, "1200"},
    {"{pid:#.4g}", same, "1234"},
    {"{pid:015,e}", same, "1234"},
    {"{pid:+.1f}", same, "-1234"},
    {"{pid:z.1f}", same, "-1234"},
    {"{pid:=+12.1f}", same, "1234"},
    {"{pid:.30e}", same, "1234"},
    {"{pid:e}", same, long_max},
    {"{pid:%}", same, long_max},
    {"{pid:.25g}", same, long_min},
    // Widths and precisions: up to max_field_width, in ASCII digits.
    {"{pid:4096}", same, "1234"},
    {"{pid:.4096f}", same, "1"},
    {"{pid:4097}", not_rendered, "1234"},
    {"{pid:.4097f}", not_rendered, "1"},
    {"{hostname!s:.5000}", not_rendered},
    {"{pid:99999999999999999999}", rejected},
    {"{pid:\xd9\xa5}", not_rendered, "1234"}, // ARABIC-INDIC DIGIT FIVE
};

// zc.lockfile, for each row on standard input (pid, host name in
// hexadecimal, template in hexadecimal), on a fresh file in argv[1]:
// prints the pid and host name it saw, then "ok" and the file's bytes in
// hexadecimal, or "error" and the exception's class.
const char* const zc_script = R"(
import os, socket, sys
import zc.lockfile
own_pid, own_host = os.getpid(), socket.gethostname()
for number, line in enumerate(sys.stdin.read().splitlines()):
    pid, host, template = line.split(' ')
    pid = own_pid if pid == '-' else int(pid)
    host = own_host if host == '-' else bytes.fromhex(host).decode()
    os.getpid = lambda pid=pid: pid
    socket.gethostname = lambda host=host: host
    path = os.path.join(sys.argv[1], str(number))
    try:
        zc.lockfile.LockFile(path, bytes.fromhex(template).decode()).close()
        with open(path, 'rb') as f:
            result = 'ok ' + f.read().hex()
    except Exception as e:
        result = 'error ' + type(e).__name__
    print(pid, host.encode().hex(), result)
)";

std::string from_hex(const std::string& hex)
{
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return bytes;
}

// What Python printed for one row.
struct python_result {
    long pid;
    std::string hostname;
    bool written; // "ok": the lock file's bytes, else the exception's class
    std::string detail;
};

python_result parse_result(const std::string& line)
{
    std::istringstream fields(line);
    std::string pid, hostname, status, detail;
    std::getline(fields, pid, ' ');
    std::getline(fields, hostname, ' ');
    std::getline(fields, status, ' ');
    std::getline(fields, detail);
    return {std::stol(pid), from_hex(hostname), status == "ok",
            status == "ok" ? from_hex(detail) : detail};
}

std::vector<python_result> run_zc_lockfile(const std::vector<row>& rows)
{
    lockfile_test::temp_dir dir;
    // UTF-8 mode: the lock file's encoding whatever the test's locale.
    lockfile_test::child_process python({"/usr/bin/python3", "-c", zc_script, dir.path.string()},
                                        {"PYTHONUTF8=1"});
    for (const row& r : rows)
        python.write_line(r.pid + " " + (r.hostname == "-" ? "-" : lockfile_test::hex(r.hostname)) + " " +
                          lockfile_test::hex(r.text));
    python.close_stdin();
    std::istringstream output(python.read_to_end(std::chrono::seconds(50)));
    BOOST_REQUIRE_EQUAL(python.wait(), 0);
    std::vector<python_result> results;
    for (std::string line; std::getline(output, line);)
        results.push_back(parse_result(line));
    BOOST_REQUIRE_EQUAL(results.size(), rows.size());
    return results;
}

const char* name(verdict v)
{
    return v == same ? "same" : v == rejected ? "rejected" : "not rendered";
}

} // namespace

BOOST_AUTO_TEST_CASE(every_row_as_zc_lockfile_writes_it, *boost::unit_test::timeout(60))
{
    const std::vector<python_result> results = run_zc_lockfile(table);
    for (std::size_t i = 0; i < table.size(); ++i) {
        const row& r = table[i];
        const python_result& python = results[i];
        BOOST_TEST_CONTEXT("row " << i << ": template '" << r.text << "' (" << name(r.expected)
                                  << "), pid " << python.pid << ", host name '" << python.hostname
                                  << "', Python "
                                  << (python.written ? "wrote it" : "raised " + python.detail))
        {
            boost::system::error_code ec;
            const std::string ours = render_template(r.text, {python.pid, python.hostname}, ec);
            BOOST_TEST(python.written == (r.expected != rejected));
            BOOST_TEST(!ec == (r.expected == same));
            if (python.written && !ec) // hexadecimal: readable when it differs
                BOOST_TEST(lockfile_test::hex(" " + ours + "\n") == lockfile_test::hex(python.detail));
            if (ec)
                BOOST_TEST(ec == lockfile::error::bad_template);
        }
    }
}

// What Python's str cannot hold: bytes that are not UTF-8.
BOOST_AUTO_TEST_CASE(bytes_that_are_not_utf8, *boost::unit_test::timeout(60))
{
    boost::system::error_code ec;
    // Copied as they are outside fields, as they always were.
    BOOST_TEST(render_template("\xff{pid}\xc3", {42, "h"}, ec) == std::string("\xff") + "42\xc3");
    BOOST_TEST(!ec);
    // Never a fill character.
    BOOST_TEST(render_template("{pid:\xff>5}", {42, "h"}, ec).empty());
    BOOST_TEST(ec == lockfile::error::bad_template);
    // In a host name, a byte that is not UTF-8 counts as one character, as
    // Python's surrogateescape decoding of gethostname() would.
    BOOST_TEST(render_template("{hostname!s:>4}", {42, "a\xff"}, ec) == "  a\xff");
    BOOST_TEST(!ec);
}
