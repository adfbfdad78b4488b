// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl is a drop-in for util-linux flock(1) (Debian 12, 2.38.1). Each
// flock(1) command line of the table runs with the lock free and with the
// lock held by another flock(1) process, under /usr/bin/flock itself, under
// lockfilectl invoked as `flock` (a symlink to it) and under `lockfilectl
// run`. The three give the same exit status and the same standard output
// (--verbose's seconds normalised), and wait for the holder exactly when
// flock(1) does. Standard error is not compared: lockfilectl says more there.
// The deliberate differences (a symlink, FIFO or device as the lock, -u with
// a command, -w beyond ~9e9 s, `--` after FILE) are not in the table.
#define BOOST_TEST_MODULE flock_compat
#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/filesystem/operations.hpp>

#include <chrono>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const std::string reference = "/usr/bin/flock";

// What a line does while another process holds the lock.
enum class when_held { ends, waits };
constexpr auto ends = when_held::ends;
constexpr auto waits = when_held::waits;

enum class special { none, lock_is_a_directory, output_is_its_own };
constexpr auto directory = special::lock_is_a_directory;
constexpr auto own_output = special::output_is_its_own; // -V, -h: status only

// One flock(1) command line: `args` follow the program's name; {lock} is the
// lock's path (a file that does not exist yet, or a directory) and {dir} the
// directory it is in. A line that mentions {tool} is a whole command
// instead, a shell that owns the descriptor of the FD form, where {tool} is
// the program under test. The statuses are flock(1)'s, checked on every run.
struct line {
    std::vector<std::string> args;
    int free_status;
    int held_status;
    when_held held;
    special kind = special::none;
};

// Says whether the command has a descriptor of the lock ($0): flock(1)'s
// command inherits it, except with -o.
const std::string has_the_lock =
    R"(for f in /proc/$$/fd/*; do [ "$f" -ef "$0" ] && has=yes; done; echo "${has:-no}")";

const std::vector<line> table = {
    // FILE COMMAND [ARGS...], FILE -c COMMAND: exclusive and waiting by default.
    {{"{lock}", "echo", "hi"}, 0, 0, waits},
    {{"{lock}", "printf", "[%s]", "two words", "", "-n"}, 0, 0, waits},
    {{"{lock}", "-c", "echo one; echo two"}, 0, 0, waits},
    {{"{lock}", "--command", "echo hi"}, 0, 0, waits},
    {{"--", "{lock}", "echo", "hi"}, 0, 0, waits},
    // Options stop at the first non-option: -n is the command here.
    {{"{lock}", "-n", "echo", "hi"}, 69, 69, waits},
    {{"{lock}", "sh", "-c", "echo out; echo err >&2; exit 3"}, 3, 3, waits},
    {{"-n", "{lock}", "-c", "echo out; exit 4"}, 4, 1, ends},
    {{"{lock}", "sh", "-c", "kill -TERM $$"}, 128 + 15, 128 + 15, waits},
    {{"-n", "{lock}", "no-such-command-for-flock-compat"}, 69, 1, ends},
    {{"{dir}/no-such-directory/f.lock", "echo", "hi"}, 66, 66, ends},
    {{"{lock}", "echo", "a directory"}, 0, 0, waits, directory},
    {{"-s", "-n", "{lock}", "echo", "shared"}, 0, 1, ends, directory},

    // -s, -x, -e
    {{"-s", "{lock}", "echo", "hi"}, 0, 0, waits},
    {{"--shared", "--nb", "{lock}", "echo", "hi"}, 0, 1, ends},
    {{"-x", "{lock}", "echo", "hi"}, 0, 0, waits},
    {{"-e", "-n", "{lock}", "echo", "hi"}, 0, 1, ends},
    {{"--exclusive", "{lock}", "echo", "hi"}, 0, 0, waits},

    // -n, -E
    {{"-n", "{lock}", "echo", "hi"}, 0, 1, ends},
    {{"--nonblock", "{lock}", "echo", "hi"}, 0, 1, ends},
    {{"-xn", "{lock}", "echo", "hi"}, 0, 1, ends},
    {{"-n", "-E", "42", "{lock}", "echo", "hi"}, 0, 42, ends},
    {{"-nE", "3", "{lock}", "echo", "hi"}, 0, 3, ends},
    {{"-E75", "--nb", "{lock}", "echo", "hi"}, 0, 75, ends},
    {{"--conflict-exit-code=7", "-n", "{lock}", "echo", "hi"}, 0, 7, ends},
    {{"--conflict-exit-code", "0", "-n", "{lock}", "echo", "hi"}, 0, 0, ends},

    // -w: fractional, attached, zero (does not wait), negative.
    {{"-w", "0.2", "{lock}", "echo", "hi"}, 0, 1, ends},
    {{"-w0.1", "-E", "5", "{lock}", "echo", "hi"}, 0, 5, ends},
    {{"--wait=.1", "{lock}", "echo", "hi"}, 0, 1, ends},
    {{"--timeout", "1e-1", "-E75", "{lock}", "echo", "hi"}, 0, 75, ends},
    {{"-w", "0", "{lock}", "echo", "hi"}, 0, 1, ends},
    {{"-w", "-1", "{lock}", "echo", "hi"}, 71, 71, ends},

    // -o, -F: who has the descriptor, and the command's status.
    {{"{lock}", "sh", "-c", has_the_lock, "{lock}"}, 0, 0, waits},
    {{"-o", "{lock}", "sh", "-c", has_the_lock, "{lock}"}, 0, 0, waits},
    {{"--close", "-n", "{lock}", "echo", "hi"}, 0, 1, ends},
    {{"-F", "{lock}", "sh", "-c", has_the_lock, "{lock}"}, 0, 0, waits},
    {{"--no-fork", "-n", "{lock}", "sh", "-c", "echo not forked; exit 6"}, 6, 1, ends},
    {{"-F", "{lock}", "sh", "-c", "kill -TERM $$"}, 128 + 15, 128 + 15, waits},
    {{"-F", "{lock}", "no-such-command-for-flock-compat"}, 69, 69, waits},

    // --verbose, on standard output.
    {{"--verbose", "{lock}", "echo", "hi"}, 0, 0, waits},
    {{"--verbose", "-n", "{lock}", "-c", "echo hi"}, 0, 1, ends},
    {{"--verbose", "-w", "0.1", "{lock}", "true"}, 0, 1, ends},

    // -V, -h: their text is the program's own.
    {{"-V"}, 0, 0, ends, own_output},
    {{"--version"}, 0, 0, ends, own_output},
    {{"-h"}, 0, 0, ends, own_output},
    {{"--help"}, 0, 0, ends, own_output},

    // Usage errors.
    {{}, 64, 64, ends},
    {{"-n"}, 64, 64, ends},
    {{"{lock}"}, 64, 64, ends}, // a path where the FD form wants a number
    {{"--frobnicate", "{lock}", "echo", "hi"}, 64, 64, ends},
    {{"-o", "-F", "{lock}", "echo", "hi"}, 64, 64, ends},
    {{"-Fo", "{lock}", "echo", "hi"}, 64, 64, ends},
    {{"-E", "256", "-n", "{lock}", "echo", "hi"}, 64, 64, ends},
    {{"-E", "x", "-n", "{lock}", "echo", "hi"}, 64, 64, ends},
    {{"-w", "5s", "{lock}", "echo", "hi"}, 64, 64, ends},
    {{"{lock}", "-c", "echo", "hi"}, 64, 64, ends},
    {{"{lock}", "-c"}, 64, 64, ends},
    {{"-c", "echo hi", "{lock}"}, 64, 64, ends}, // -c and --command only after FILE
    {{"--command", "echo hi", "{lock}"}, 64, 64, ends},

    // FD: the shell's descriptor 9 keeps the lock after the program ends;
    // flock(1) probes it from outside.
    {{"sh", "-c",
      R"(exec 9>"$0"; {tool} -n 9 && echo locked; /usr/bin/flock -n "$0" true; echo probe $?; )"
      R"({tool} -u 9; echo unlock $?; /usr/bin/flock -n "$0" true; echo probe $?)",
      "{lock}"},
     0,
     0,
     ends},
    {{"sh", "-c",
      R"(exec 9>"$0"; {tool} -s --nb 9 && echo shared; /usr/bin/flock -sn "$0" true; echo $?; )"
      R"(/usr/bin/flock -n "$0" true; echo $?; {tool} --unlock 9; echo $?)",
      "{lock}"},
     0,
     0,
     ends},
    {{"sh", "-c", R"(exec 9>"$0"; {tool} 9 && echo locked)", "{lock}"}, 0, 0, waits},
    {{"sh", "-c", R"(exec 9>"$0"; {tool} -w 0.1 -E 9 9; echo $?)", "{lock}"}, 0, 0, ends},
    {{"sh", "-c", R"(exec 9>"$0"; {tool} --verbose -x 9; echo $?)", "{lock}"}, 0, 0, waits},
    {{"sh", "-c", R"(exec 9>&-; {tool} 9; echo $?)", "{lock}"}, 0, 0, ends},
};

// How long a line that waits must stay silent while the lock is held, and
// how long one that does not wait may take.
constexpr std::chrono::milliseconds waiting_shown{100};
constexpr std::chrono::milliseconds ending_allowed{2000};

bool replace_all(std::string& text, const std::string& from, const std::string& to)
{
    bool found = false;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
        found = true;
    }
    return found;
}

std::string shell_quoted(std::string word)
{
    replace_all(word, "'", R"('\'')");
    return "'" + word + "'";
}

std::string shown(const std::vector<std::string>& words)
{
    std::string text;
    for (const auto& word : words)
        text += (text.empty() ? "" : " ") +
                (word.empty() || word.find_first_of(" $;'\"*&>|") != std::string::npos
                     ? shell_quoted(word)
                     : word);
    return text;
}

bool is_script(const line& l)
{
    for (const auto& word : l.args)
        if (word.find("{tool}") != std::string::npos)
            return true;
    return false;
}

// A program that runs the lines, and the name its --verbose prints.
struct tool {
    std::string description;
    std::vector<std::string> program;
    std::string invoked_as;
};

std::vector<tool> tools(const boost::filesystem::path& bin)
{
    const auto lockfilectl = boost::filesystem::absolute(lockfile_test::argument("lockfilectl"));
    boost::filesystem::create_symlink(lockfilectl, bin / "flock");
    return {{"flock(1)", {reference}, "flock"},
            {"lockfilectl as flock", {(bin / "flock").string()}, "flock"},
            {"lockfilectl run", {lockfilectl.string(), "run"}, lockfilectl.filename().string()}};
}

// --verbose's lines with the name and the seconds replaced.
std::string normalised(const std::string& output, const std::string& name)
{
    static const std::regex took("getting lock took [0-9]+\\.[0-9]{6} seconds");
    const std::string prefix = name + ": ";
    std::string result;
    for (std::size_t start = 0; start < output.size();) {
        const auto end = output.find('\n', start);
        std::string text = output.substr(start, end == std::string::npos ? end : end - start);
        if (text.rfind(prefix, 0) == 0) {
            const std::string rest = text.substr(prefix.size());
            if (std::regex_match(rest, took))
                text = "NAME: getting lock took S.UUUUUU seconds";
            else if (rest.rfind("executing ", 0) == 0)
                text = "NAME: " + rest;
        }
        result += text;
        if (end == std::string::npos)
            break;
        result += '\n';
        start = end + 1;
    }
    return result;
}

struct outcome {
    int status = -1;
    std::string output;
    bool ended_while_held = false; // held scenario only
    std::string errors;            // its standard error, shown on a failure
};

// Reads the process's output to its end if that comes within `timeout`;
// false if it still runs (what it wrote stays to be read).
bool ends_within(lockfile_test::child_process& process, std::chrono::milliseconds timeout,
                 std::string& output)
{
    try {
        output = process.read_to_end(timeout);
        return true;
    } catch (const std::runtime_error&) {
        return false;
    }
}

// Runs a line under `t` in a fresh directory, the lock free or held by
// another flock(1) until the line has ended (or, if it waits, has waited).
outcome run_line(const line& l, bool held, const tool& t)
{
    lockfile_test::temp_dir dir;
    const auto lock = dir.path / "f.lock";
    if (l.kind == directory)
        boost::filesystem::create_directory(lock);
    std::optional<lockfile_test::child_process> holder;
    if (held) {
        holder.emplace(std::vector<std::string>{reference, lock.string(), "sh", "-c",
                                                "echo locked; exec cat"});
        BOOST_REQUIRE(holder->read_line() == "locked");
    }

    std::string program;
    for (const auto& word : t.program)
        program += (program.empty() ? "" : " ") + shell_quoted(word);
    // Standard error goes to a file, shown when something else differs.
    std::vector<std::string> argv{"sh", "-c", R"(exec "$@" 2>"$0")",
                                  (dir.path / "stderr").string()};
    if (!is_script(l))
        argv.insert(argv.end(), t.program.begin(), t.program.end());
    for (std::string word : l.args) {
        replace_all(word, "{lock}", lock.string());
        replace_all(word, "{dir}", dir.path.string());
        replace_all(word, "{tool}", program);
        argv.push_back(word);
    }
    lockfile_test::child_process process(argv);
    process.close_stdin();

    outcome result;
    if (holder) {
        result.ended_while_held =
            ends_within(process, l.held == waits ? waiting_shown : ending_allowed, result.output);
        holder->close_stdin();
        BOOST_TEST(holder->wait() == 0);
    }
    result.output += process.read_to_end();
    result.status = process.wait();
    result.errors = lockfile_test::read_file(dir.path / "stderr");
    return result;
}

void compare_every_line(bool held)
{
    lockfile_test::temp_dir bin;
    const auto programs = tools(bin.path);
    for (const line& l : table) {
        BOOST_TEST_CONTEXT((held ? "lock held: " : "lock free: ")
                           << (is_script(l) ? "" : "flock ") << shown(l.args))
        {
            const outcome expected = run_line(l, held, programs.front());
            // What the table says of flock(1): the harness runs what it means to.
            BOOST_TEST_CONTEXT("flock(1), whose standard error was: " << expected.errors)
            {
                BOOST_TEST(expected.status == (held ? l.held_status : l.free_status));
                if (held)
                    BOOST_TEST(expected.ended_while_held == (l.held == ends));
            }
            for (auto t = programs.begin() + 1; t != programs.end(); ++t) {
                const outcome got = run_line(l, held, *t);
                BOOST_TEST_CONTEXT(t->description << ", whose standard error was: " << got.errors)
                {
                    BOOST_TEST(got.status == expected.status);
                    if (l.kind == own_output)
                        BOOST_TEST(!got.output.empty()); // on standard output, as flock(1)'s
                    else
                        BOOST_TEST(normalised(got.output, t->invoked_as) ==
                                   normalised(expected.output, "flock"));
                    if (held && got.ended_while_held != expected.ended_while_held)
                        BOOST_ERROR((expected.ended_while_held
                                         ? "it waited for the holder, flock(1) did not"
                                         : "it ended while the lock was held, flock(1) waits"));
                }
            }
        }
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(the_table_spells_every_option, *boost::unit_test::timeout(10))
{
    std::set<std::string> words;
    for (const line& l : table)
        for (std::string arg : l.args) {
            replace_all(arg, "=", " ");
            for (std::size_t start = 0; start != std::string::npos;) {
                const auto end = arg.find(' ', start);
                words.insert(arg.substr(start, end == std::string::npos ? end : end - start));
                start = end == std::string::npos ? end : end + 1;
            }
        }
    for (const char* option :
         {"-s",        "--shared",  "-x",        "-e",        "--exclusive",
          "-u",        "--unlock",  "-n",        "--nb",      "--nonblock",
          "-w",        "--wait",    "--timeout", "-E",        "--conflict-exit-code",
          "-o",        "--close",   "-F",        "--no-fork", "--verbose",
          "-V",        "--version", "-h",        "--help",    "-c",
          "--command", "--",        "-xn",       "-w0.1",     "-E75",
          "-nE"})
        BOOST_TEST(words.count(option) == 1, option << " is in the table");
}

BOOST_AUTO_TEST_CASE(every_line_with_the_lock_free, *boost::unit_test::timeout(60))
{
    compare_every_line(false);
}

BOOST_AUTO_TEST_CASE(every_line_with_the_lock_held, *boost::unit_test::timeout(110))
{
    compare_every_line(true);
}
