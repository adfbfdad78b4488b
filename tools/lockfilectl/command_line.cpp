// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Parsing lockfilectl's command lines, flock(1)'s included.
#include "command_line.hpp"

#include "option_table.hpp"

#include <getopt.h>
#include <sysexits.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace lockfilectl {

namespace {

[[noreturn]] void usage(const std::string& message, const options& o)
{
    throw command_line_error(message, EX_USAGE, o.command);
}

int parse_exit_code(const std::string& text, const options& o)
{
    errno = 0;
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (errno != 0 || end == text.c_str() || *end != '\0')
        usage("invalid exit code: '" + text + "'", o);
    if (value < 0 || value > 255)
        usage("exit code out of range (expected 0 to 255)", o);
    return static_cast<int>(value);
}

// -w as flock(1) reads it: a number as strtold takes it, split into whole
// seconds and microseconds, each truncated toward zero; both zero means
// -n. flock(1) then fails to set its timer (EX_OSERR) for a negative or
// not-a-number value, and for one beyond what its clock holds, which waits
// forever here.
void apply_wait(const std::string& text, options& o)
{
    errno = 0;
    char* end = nullptr;
    const long double value = std::strtold(text.c_str(), &end);
    if (errno != 0 || end == text.c_str() || *end != '\0')
        usage("invalid timeout value: '" + text + "'", o);
    if (std::isnan(value) || value < 0) {
        const long double seconds = std::truncl(value);
        if (!std::isnan(value) && seconds == 0 && std::truncl((value - seconds) * 1e6L) == 0) {
            o.nonblock = true; // -1e-7 truncates to zero, as in flock(1)
            return;
        }
        throw command_line_error("invalid timeout value: '" + text + "' (negative or not a number)",
                                 EX_OSERR, o.command);
    }
    using microseconds = std::chrono::microseconds;
    const long double limit = static_cast<long double>(
        std::chrono::duration_cast<microseconds>(std::chrono::steady_clock::duration::max()).count());
    const long double whole = std::truncl(value);
    const long double total = whole * 1e6L + std::truncl((value - whole) * 1e6L);
    if (total == 0) {
        o.nonblock = true;
        return;
    }
    o.timeout.reset(); // beyond the clock (inf included): no limit
    if (total < limit / 2)
        o.timeout = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            microseconds(static_cast<microseconds::rep>(total)));
}

// A number of seconds as --ttl (whole, from 1 to etcd's longest lease) or
// --kill-after (fractions allowed, 0 kills at once) take it.
long double parse_seconds(const std::string& text, long double minimum, long double maximum,
                          const options& o)
{
    errno = 0;
    char* end = nullptr;
    const long double value = std::strtold(text.c_str(), &end);
    if (errno != 0 || end == text.c_str() || *end != '\0' || !(value >= minimum) ||
        !(value <= maximum))
        usage("invalid number of seconds: '" + text + "'", o);
    return value;
}

void apply_ttl(const std::string& text, options& o)
{
    const long double max_lease_ttl = 9e9L; // etcd's MaxLeaseTTL
    const long double seconds = parse_seconds(text, 1, max_lease_ttl, o);
    if (seconds != std::truncl(seconds))
        usage("--ttl takes whole seconds: '" + text + "'", o);
    o.ttl = std::chrono::seconds(static_cast<std::chrono::seconds::rep>(seconds));
}

void apply_kill_after(const std::string& text, options& o)
{
    const long double a_year = 365.0L * 24 * 3600;
    o.kill_after = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<long double>(parse_seconds(text, 0, a_year, o)));
}

void apply(const option_spec& spec, const char* value, options& o)
{
    switch (spec.id) {
    case option_id::shared: o.shared = true; o.unlock = false; break;
    case option_id::exclusive: o.shared = false; o.unlock = false; break;
    case option_id::unlock: o.unlock = true; break;
    case option_id::nonblock: o.nonblock = true; break;
    case option_id::wait: apply_wait(value, o); break;
    case option_id::conflict_exit_code: o.conflict_exit_code = parse_exit_code(value, o); break;
    case option_id::close: o.close = true; break;
    case option_id::no_fork: o.no_fork = true; break;
    case option_id::verbose: o.verbose = true; break;
    case option_id::content: o.content = value; break;
    case option_id::quiet: o.quiet = true; break;
    case option_id::json: o.json = true; break;
    case option_id::etcd: o.etcd_endpoints = value; break;
    case option_id::ttl: apply_ttl(value, o); o.etcd_only_option = "--ttl"; break;
    case option_id::kill_after: apply_kill_after(value, o); o.etcd_only_option = "--kill-after"; break;
    case option_id::help: o.help = true; break;
    case option_id::version: o.version = true; break;
    }
}

// Parses the options of o.command in args (args[0] is the program's name);
// returns the index of the first operand.
std::size_t parse_options(std::vector<std::string>& args, options& o)
{
    const unsigned bit = command_bit_of(o.command);
    std::vector<const option_spec*> specs;
    // '+': options end at the first operand, as in flock(1); ':': a missing
    // value is reported as such.
    std::string short_options = "+:";
    std::vector<struct option> long_options;
    for (const option_spec& spec : option_table()) {
        if (!(spec.commands & bit))
            continue;
        const int code = 256 + static_cast<int>(specs.size());
        specs.push_back(&spec);
        for (const char c : spec.short_names)
            short_options += std::string(1, c) + (spec.value_name ? ":" : "");
        for (const std::string& name : spec.long_names)
            long_options.push_back(
                {name.c_str(), spec.value_name ? required_argument : no_argument, nullptr, code});
    }
    long_options.push_back({nullptr, 0, nullptr, 0});

    std::vector<char*> argv;
    for (std::string& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int argc = static_cast<int>(args.size());
    ::opterr = 0;
    ::optind = 0; // glibc: start afresh
    for (;;) {
        const int code =
            ::getopt_long(argc, argv.data(), short_options.c_str(), long_options.data(), nullptr);
        if (code == -1)
            break;
        if (code == '?' || code == ':') {
            const std::size_t last = static_cast<std::size_t>(::optind - 1);
            const std::string which = ::optopt ? "-" + std::string(1, static_cast<char>(::optopt))
                                               : std::string(argv[last]);
            usage((code == '?' ? "unknown option '" : "option needs a value: '") + which + "'", o);
        }
        const option_spec* spec = nullptr;
        if (code >= 256) {
            spec = specs[static_cast<std::size_t>(code - 256)];
        } else {
            for (const option_spec* candidate : specs)
                if (candidate->short_names.find(static_cast<char>(code)) != std::string::npos)
                    spec = candidate;
        }
        apply(*spec, ::optarg, o);
    }
    return static_cast<std::size_t>(::optind);
}

// FILE|DIR COMMAND [ARGS...], FILE|DIR -c COMMAND, FILE|DIR -- COMMAND...,
// or FD.
void parse_run_operands(const std::vector<std::string>& operands, options& o)
{
    if (operands.empty())
        usage(o.etcd_endpoints ? "requires a lock NAME and a COMMAND"
                               : "requires file descriptor, file or directory",
              o);
    if (operands.size() == 1 && o.etcd_endpoints)
        usage("a NAME needs a COMMAND", o);
    if (operands.size() == 1) {
        errno = 0;
        char* end = nullptr;
        const long fd = std::strtol(operands[0].c_str(), &end, 10);
        if (errno != 0 || end == operands[0].c_str() || *end != '\0' || fd < 0 ||
            fd > std::numeric_limits<int>::max())
            usage("bad file descriptor: '" + operands[0] + "' (a FILE needs a COMMAND)", o);
        o.descriptor = static_cast<int>(fd);
        return;
    }
    o.path = operands[0];
    const std::string& next = operands[1];
    if (next == "-c" || next == "--command") {
        if (operands.size() != 3)
            usage(next + " requires exactly one command argument", o);
        const char* shell = std::getenv("SHELL");
        o.child = {shell && *shell ? shell : "/bin/sh", "-c", operands[2]};
    } else {
        o.child.assign(operands.begin() + (next == "--" ? 2 : 1), operands.end());
        if (o.child.empty())
            usage("no command after '--'", o);
    }
    if (o.unlock)
        usage("-u removes the lock of a descriptor (FD form): with a file it would run the "
              "command without any lock",
              o);
}

// An etcd lock is exclusive and lives in lockfilectl alone: what assumes
// a lock file or a descriptor has no meaning there.
void check_etcd(const options& o)
{
    if (!o.etcd_endpoints && !o.etcd_only_option.empty())
        usage(o.etcd_only_option + " goes with --etcd", o);
    if (!o.etcd_endpoints)
        return;
    if (o.etcd_endpoints->empty())
        usage("--etcd needs at least one endpoint", o);
    if (o.shared)
        usage("an etcd lock is exclusive: no -s", o);
    if (o.close || o.no_fork)
        usage("with --etcd lockfilectl keeps the lock alive while the command runs: no -o, no -F",
              o);
}

void check_run(const options& o)
{
    if (o.no_fork && o.close)
        usage("the --no-fork and --close options are incompatible", o);
    if (o.descriptor && (o.no_fork || o.close))
        usage("-o and -F need a command", o);
}

} // namespace

options parse(const std::string& program, const std::vector<std::string>& arguments)
{
    options o;
    o.program = program;
    std::vector<std::string> args = arguments;
    if (program == "flock") {
        o.command = "run";
    } else {
        if (args.empty())
            usage("no command", o);
        if (args[0] == "--help" || args[0] == "-h" || args[0] == "--version" || args[0] == "-V") {
            o.help = args[0] == "--help" || args[0] == "-h";
            o.version = !o.help;
            return o;
        }
        if (command_bit_of(args[0]) == 0)
            usage("unknown command '" + args[0] + "'", o);
        o.command = args[0];
        args.erase(args.begin());
    }
    args.insert(args.begin(), program);
    const std::size_t first = parse_options(args, o);
    if (o.help || o.version)
        return o;
    // flock(1)'s name keeps flock(1)'s meaning whatever the environment says.
    const char* endpoints = std::getenv("LOCKFILE_ETCD_ENDPOINTS");
    if (!o.etcd_endpoints && program != "flock" && endpoints && *endpoints)
        o.etcd_endpoints = endpoints;
    const std::vector<std::string> operands(args.begin() + static_cast<std::ptrdiff_t>(first),
                                            args.end());
    if (o.command == "run") {
        parse_run_operands(operands, o);
        check_run(o);
    } else if (operands.size() != 1) {
        const std::string what = o.etcd_endpoints ? "lock NAME" : "path";
        usage(operands.empty() ? "no " + what : "'" + o.command + "' takes one " + what, o);
    } else {
        o.path = operands[0];
    }
    check_etcd(o);
    return o;
}

} // namespace lockfilectl
