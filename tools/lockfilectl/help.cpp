// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The text of --help and of the man page, one page per command.
#include "help.hpp"

#include "option_table.hpp"

#include <sstream>
#include <vector>

namespace lockfilectl {

namespace {

// A paragraph is wrapped when shown; one that starts with two spaces is a
// block of lines shown as they are.
struct section {
    std::string title;
    std::vector<std::string> paragraphs;
};

struct page {
    std::string command; // "" for the tool itself
    std::string summary;
    std::vector<std::string> synopsis;
    std::vector<section> before_options;
    std::vector<section> after_options;
};

const std::vector<page>& pages()
{
    static const std::vector<page> all = {
        {"",
         "inter-process locks on lock files: flock(1)'s job, with who holds the lock",
         {"lockfilectl run [OPTIONS] FILE|DIR COMMAND [ARGS...]",
          "lockfilectl run [OPTIONS] FILE|DIR -c COMMAND", "lockfilectl run [OPTIONS] FD",
          "lockfilectl status [--json] FILE", "lockfilectl hold [OPTIONS] FILE",
          "lockfilectl run|status|hold --etcd ENDPOINTS [OPTIONS] NAME ...",
          "lockfilectl --help | --version", "flock [OPTIONS] ...  (a link named flock: run)"},
         {{"DESCRIPTION",
           {"run takes a lock and runs a command while holding it; it takes flock(1)'s command "
            "lines unchanged, with the same meanings and exit statuses, and a link named flock "
            "to lockfilectl (ln -s lockfilectl flock) runs it without the word run. status "
            "says whether a lock file is locked and by whom; hold takes a lock and holds it "
            "until standard input closes. With --etcd (or $LOCKFILE_ETCD_ENDPOINTS) each "
            "command works on the lock NAME on an etcd cluster instead, to exclude processes "
            "on other hosts; `etcdctl lock NAME` shares its queue. lockfilectl COMMAND --help "
            "shows a command's page."}}},
         {}},
        {"run",
         "run a command while holding a lock (flock(1)'s command lines)",
         {"lockfilectl run [OPTIONS] FILE|DIR COMMAND [ARGS...]",
          "lockfilectl run [OPTIONS] FILE|DIR -c COMMAND", "lockfilectl run [OPTIONS] FD",
          "flock [OPTIONS] FILE|DIR COMMAND [ARGS...]  (and the other forms)",
          "lockfilectl run --etcd ENDPOINTS [OPTIONS] NAME COMMAND [ARGS...]"},
         {{"DESCRIPTION",
           {"Takes the lock on FILE (created if missing, never deleted), runs COMMAND while "
            "holding it and exits with COMMAND's status. -c (--command) runs COMMAND with $SHELL -c "
            "(/bin/sh without SHELL). A -- after FILE is accepted. Options end at FILE.",
            "A FILE is locked in both families of locks: flock(2), which flock(1), "
            "zc.lockfile and py-filelock see, and an OFD lock (fcntl F_OFD_SETLK), which "
            "Boost's file_lock, lockf(3) and fasteners see. The content template (--content) "
            "is written into it. Both locks belong to the open file description that COMMAND "
            "inherits, as flock(1)'s lock does: the lock lives as long as COMMAND, or anything "
            "it left running with the descriptor, holds it, and killing lockfilectl, even with "
            "SIGKILL, leaves COMMAND holding the lock. With -o COMMAND inherits nothing: the "
            "lock lives as long as lockfilectl, and COMMAND gets SIGKILL if lockfilectl dies "
            "first (what COMMAND started itself is not reached). With -F COMMAND replaces "
            "lockfilectl in its process and keeps the lock.",
            "A DIR is locked with flock(2) alone (fcntl locks need a regular file); nothing is "
            "written into it. The FD form locks (or, with -u, unlocks) the open file "
            "description of a descriptor that the shell opened (exec 9>FILE; lockfilectl run "
            "9), as flock(1) does, with flock(2) alone: it cannot add the fcntl-family lock, "
            "the content or the waiting line, since the descriptor belongs to the shell.",
            "Unlike flock(1), a symbolic link, FIFO, device or socket "
            "is refused as FILE (flock(1) follows a link, and waits forever on a FIFO), and -u "
            "with a COMMAND is refused (flock(1) would run it without any lock).",
            "Every signal that would end lockfilectl (HUP, INT, QUIT, TERM, USR1, USR2, PIPE, "
            "ALRM, the real-time signals and the rest) is forwarded to COMMAND if another "
            "process sent it; one from the terminal has reached COMMAND already. While "
            "waiting, such a signal ends the wait (exit status 128+N). While waiting on a "
            "terminal, one line on standard error says who holds the lock and for how long "
            "lockfilectl has waited; it is erased when the wait ends."}},
          {"ACROSS HOSTS (--etcd)",
           {"With --etcd ENDPOINTS (comma-separated http://HOST:PORT; $LOCKFILE_ETCD_ENDPOINTS "
            "when --etcd is not given, except under the name flock) the lock is NAME on that "
            "etcd cluster, in etcd's own recipe: `etcdctl lock NAME` holders and waiters share "
            "one first-come-first-served queue with lockfilectl's. The lock lives in a lease "
            "of --ttl seconds that lockfilectl keeps alive while COMMAND runs; COMMAND gets "
            "LOCKFILE_FENCING_TOKEN (a number greater for every later holder of NAME, for the "
            "resource to check) and LOCKFILE_LOCK_KEY (NAME/LEASE) in its environment, and "
            "runs in a process group of its own. -n, -w, -E, -q, --verbose and --content "
            "keep their meanings; -s, -o, -F and the FD and DIR forms do not apply.",
            "If the lock is lost (the lease revoked, the key deleted, or etcd unreachable for "
            "so long that the lease may expire), lockfilectl sends SIGTERM to COMMAND's "
            "process group before the lease can have expired on the server, SIGKILL "
            "--kill-after seconds later, prints \"lockfilectl: lost the lock NAME: CAUSE\" and "
            "exits with 75. `etcdctl lock` does not: its command runs on beside the next "
            "holder. lockfilectl holds the lock until COMMAND and what it left running have "
            "ended (they are reparented to lockfilectl); if lockfilectl itself is killed, "
            "COMMAND's process group (all but what moved to another session) gets SIGKILL at "
            "once, and the lease frees NAME after --ttl seconds."}}},
         {{"EXIT STATUS",
           {"  COMMAND's status, or 128+N if signal N killed it\n"
            "  the conflict code (-E, default 1)  -n found the lock held, or -w ran out\n"
            "  64   bad usage\n"
            "  65   the lock could not be taken for another reason (such as a bad FD)\n"
            "  66   the lock file could not be opened (missing directory, permission, a\n"
            "       symbolic link, FIFO or device, a file of /proc, /sys and their kind)\n"
            "  69   COMMAND could not be executed\n"
            "  71   a system error, or a negative -w (as flock(1))\n"
            "  73   the lock file could not be created (read-only file system, no space)\n"
            "  128+N  signal N ended the wait\n"
            "  With --etcd, also: 65 a bad NAME or --content; 69 no etcd endpoint answered;\n"
            "  75 the lock was lost while COMMAND ran; 76 etcd answered with an error"}},
          {"EXAMPLES",
           {"  lockfilectl run /var/lock/backup.lock backup.sh\n"
            "  lockfilectl run -n -E 0 /tmp/cron.lock -c 'job --all'\n"
            "  lockfilectl run -w 30 /tmp/db.lock -- migrate\n"
            "  exec 9>/tmp/app.lock; lockfilectl run -n 9 || exit 1\n"
            "  lockfilectl run --etcd http://10.0.0.5:2379 nightly-report -- report.sh"}}}},
        {"status",
         "tell whether a lock file is locked, and by whom",
         {"lockfilectl status [--json] FILE",
          "lockfilectl status --etcd ENDPOINTS [--json] NAME"},
         {{"DESCRIPTION",
           {"Asks the kernel whether FILE is locked, in either family, in which mode and by "
            "which processes, without locking the file, and shows what the last exclusive "
            "holder wrote into it (pid, host, raw content). A missing FILE in an existing "
            "directory is free."}},
          {"OUTPUT",
           {"Text: a path or content that is not plain printable UTF-8 is shown in double "
            "quotes with escapes (\\n, \\xNN for a byte that is not UTF-8). Content that "
            "could not be read says so: content: not readable (CAUSE). --json: one object "
            "with path, path_base64, locked, mode, pids, pid, hostname, content, "
            "content_base64 and content_error; it is always valid UTF-8 JSON: a byte that "
            "is not UTF-8 becomes U+FFFD in path and content, whose exact bytes are in "
            "path_base64 and content_base64 (RFC 4648). When the content cannot be read, "
            "pid, hostname, content and content_base64 are null and content_error says why.",
            "With --etcd: whether NAME is held, the holder's key, fencing token and content "
            "(etcdctl lock writes none), and how many wait; --json gives name, name_base64, "
            "locked, key, fencing_token, queue_length (holder included), pid, hostname, "
            "content and content_base64, null where free."}}},
         {{"EXIT STATUS",
           {"  0  free (or the file does not exist)\n"
            "  1  locked\n"
            "  2  an error: FILE is a symbolic link, FIFO, device or directory, its directory "
            "is\n"
            "     missing, or it cannot be examined; with --etcd, etcd could not be asked"}}}},
        {"hold",
         "take a lock and hold it",
         {"lockfilectl hold [OPTIONS] FILE", "lockfilectl hold --etcd ENDPOINTS [OPTIONS] NAME"},
         {{"DESCRIPTION",
           {"Takes the lock on FILE (waiting, unless -n), prints \"locked\" on its own line once "
            "it holds it, and holds it until standard input closes or SIGTERM or SIGINT comes. "
            "For scripts and tests. The lock belongs to this process: flock(2) and a classic "
            "fcntl lock. With --etcd it prints \"locked KEY fencing token N\" and also ends "
            "when the lock is lost, with exit status 75."}}},
         {{"EXIT STATUS",
           {"  0 after holding and releasing; the conflict code (-E, default 1) when the lock\n"
            "  was not taken; 64 to 76 on errors, as for run"}}}},
    };
    return all;
}

const page& page_of(const std::string& command)
{
    for (const page& p : pages())
        if (p.command == command)
            return p;
    return pages().front();
}

std::string title_of(const page& p)
{
    return p.command.empty() ? "lockfilectl" : "lockfilectl " + p.command;
}

std::string option_names(const option_spec& spec)
{
    std::string names;
    for (const char c : spec.short_names)
        names += std::string(names.empty() ? "" : ", ") + "-" + c;
    for (const std::string& name : spec.long_names)
        if (name != "nonblocking") // --nb and --nonblock say it
            names += (names.empty() ? "--" : ", --") + name;
    if (spec.value_name)
        names += std::string(" ") + spec.value_name;
    return names;
}

std::vector<const option_spec*> options_of(const page& p)
{
    std::vector<const option_spec*> result;
    const unsigned bit = command_bit_of(p.command);
    for (const option_spec& spec : option_table())
        if (spec.commands & bit)
            result.push_back(&spec);
    return result;
}

// Text: paragraphs wrapped to `width` columns after `indent`.
void wrap(std::ostream& out, const std::string& text, std::size_t indent, std::size_t width)
{
    std::istringstream words(text);
    std::string word;
    std::size_t column = 0;
    while (words >> word) {
        if (column > 0 && column + 1 + word.size() > width) {
            out << "\n";
            column = 0;
        }
        if (column == 0) {
            out << std::string(indent, ' ') << word;
            column = indent + word.size();
        } else {
            out << ' ' << word;
            column += 1 + word.size();
        }
    }
    out << "\n";
}

void text_section(std::ostream& out, const section& s)
{
    out << "\n" << s.title << "\n";
    for (std::size_t i = 0; i < s.paragraphs.size(); ++i) {
        const std::string& paragraph = s.paragraphs[i];
        if (i > 0)
            out << "\n";
        if (paragraph.rfind("  ", 0) == 0) {
            std::istringstream lines(paragraph);
            for (std::string line; std::getline(lines, line);)
                out << "  " << line << "\n";
        } else {
            wrap(out, paragraph, 4, 88);
        }
    }
}

// roff: a backslash is \e; '-' is \- (a minus, searchable); a line may not
// start with '.' or '\''.
std::string roff_escape(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
        if (c == '\n')
            out += "\\&";
    }
    return "\\&" + out;
}

void roff_section(std::ostream& out, const section& s, const std::string& heading)
{
    out << heading << " " << s.title << "\n";
    for (const std::string& paragraph : s.paragraphs) {
        if (paragraph.rfind("  ", 0) == 0)
            out << ".PP\n.nf\n" << roff_escape(paragraph) << "\n.fi\n";
        else
            out << ".PP\n" << roff_escape(paragraph) << "\n";
    }
}

} // namespace

std::string manual(const std::string& command)
{
    const page& p = page_of(command);
    std::ostringstream out;
    out << "NAME\n    " << title_of(p) << " - " << p.summary << "\n\nSYNOPSIS\n";
    for (const std::string& line : p.synopsis)
        out << "    " << line << "\n";
    for (const section& s : p.before_options)
        text_section(out, s);
    if (!p.command.empty()) {
        out << "\nOPTIONS\n";
        for (const option_spec* spec : options_of(p)) {
            const std::string names = option_names(*spec);
            out << "    " << names;
            if (names.size() < 28) {
                out << std::string(29 - names.size(), ' ') << spec->help << "\n";
            } else {
                out << "\n";
                wrap(out, spec->help, 33, 88);
            }
        }
    }
    for (const section& s : p.after_options)
        text_section(out, s);
    return out.str();
}

std::string synopsis(const std::string& program, const std::string& command)
{
    std::string result;
    for (std::string line : page_of(command).synopsis) {
        if (program == "flock" && line.rfind("lockfilectl run ", 0) == 0)
            line = "flock " + line.substr(16);
        else if (program == "flock")
            continue;
        result += (result.empty() ? "usage: " : "       ") + line + "\n";
    }
    return result;
}

std::string roff_manual(const std::string& version)
{
    std::ostringstream out;
    const page& tool = pages().front();
    out << ".TH LOCKFILECTL 1 \"\" \"lockfilectl " << version << "\" \"User Commands\"\n"
        << ".SH NAME\nlockfilectl \\- " << roff_escape(tool.summary) << "\n.SH SYNOPSIS\n.nf\n";
    for (const std::string& line : tool.synopsis)
        out << roff_escape(line) << "\n";
    out << ".fi\n";
    for (const section& s : tool.before_options)
        roff_section(out, s, ".SH");
    for (const page& p : pages()) {
        if (p.command.empty())
            continue;
        out << ".SH \"" << title_of(p) << "\"\n" << roff_escape(p.summary) << "\n.PP\n.nf\n";
        for (const std::string& line : p.synopsis)
            out << roff_escape(line) << "\n";
        out << ".fi\n";
        for (const section& s : p.before_options)
            roff_section(out, s, ".SS");
        out << ".SS OPTIONS\n";
        for (const option_spec* spec : options_of(p))
            out << ".TP\n.B " << roff_escape(option_names(*spec)) << "\n"
                << roff_escape(spec->help) << "\n";
        for (const section& s : p.after_options)
            roff_section(out, s, ".SS");
    }
    out << ".SH \"SEE ALSO\"\nflock(1), flock(2), fcntl(2)\n";
    return out.str();
}

} // namespace lockfilectl
