// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl status tells the truth or fails: a hostile path exits 2 with
// the path and the cause on standard error, content that could not be read
// says so, and --json is valid JSON whatever bytes the path and the content
// hold, with those exact bytes in base64 beside them.
#define BOOST_TEST_MODULE lockfilectl_status
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/filesystem/operations.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace {

namespace fs = boost::filesystem;

struct result {
    int status;
    std::string out; // standard output
    std::string err; // standard error
};

// Runs `lockfilectl status ARGS...` to its end, under `prefix` (setpriv and
// its options) if given. Standard error goes to a file in dir, so that the
// two streams are seen apart.
result run_status(const lockfile_test::temp_dir& dir, const std::vector<std::string>& args,
                  const std::vector<std::string>& prefix = {})
{
    const fs::path err_file = dir.path / "status.stderr";
    std::vector<std::string> argv = {"sh", "-c", "exec \"$@\" 2>\"$STATUS_STDERR\"", "sh"};
    argv.insert(argv.end(), prefix.begin(), prefix.end());
    argv.push_back(lockfile_test::argument("lockfilectl"));
    argv.push_back("status");
    argv.insert(argv.end(), args.begin(), args.end());
    lockfile_test::child_process process(argv, {"STATUS_STDERR=" + err_file.string()});
    process.close_stdin();
    std::string out = process.read_to_end();
    const int status = process.wait();
    return {status, out, lockfile_test::read_file(err_file)};
}

// The fields `keys` of a JSON object, one "key=value" line each, the value
// as Python's json.dumps writes it (ASCII: "\ufffd", "\u00e9"), and the
// bytes of a *_base64 field in hex. The object is parsed strictly: its
// bytes must be UTF-8, and it must be JSON.
std::string json_fields(const std::string& json, const std::vector<std::string>& keys)
{
    std::vector<std::string> argv = {
        "/usr/bin/python3", "-c",
        "import base64, json, sys\n"
        "value = json.loads(sys.stdin.buffer.read().decode('utf-8', 'strict'))\n"
        "for key in sys.argv[1:]:\n"
        "    field = value[key]\n"
        "    if key.endswith('_base64') and field is not None:\n"
        "        field = base64.b64decode(field, validate=True).hex()\n"
        "    print(key + '=' + json.dumps(field))\n"};
    argv.insert(argv.end(), keys.begin(), keys.end());
    lockfile_test::child_process python(argv);
    python.write_line(json);
    python.close_stdin();
    std::string fields = python.read_to_end();
    BOOST_TEST(python.wait() == 0, "not strict JSON, or a field missing: " << json);
    return fields;
}

// No byte that a terminal would act on: no control character but the
// newlines that end lines.
bool no_control_bytes(const std::string& text)
{
    for (const char c : text)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == '\x7f')
            return false;
    return true;
}

// What lock_file says about path (it must fail there): status must say the
// same.
boost::system::error_code lock_error_of(const fs::path& path)
{
    boost::system::error_code ec;
    lockfile::lock_file lock(path, ec);
    BOOST_TEST(!lock.owns_lock());
    return ec;
}

} // namespace

BOOST_AUTO_TEST_CASE(hostile_paths_exit_2_naming_the_path_and_the_cause,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    // The symlink's target is held by flock(1): status must not report the
    // target's state, nor the link's own ("free").
    const fs::path target = dir.path / "target.lock";
    lockfile_test::child_process flock_holder(
        {"flock", target.string(), "-c", "echo locked; exec cat >/dev/null"});
    BOOST_REQUIRE(flock_holder.read_line() == "locked");
    fs::create_symlink(target, dir.path / "link.lock");
    BOOST_REQUIRE(::mkfifo((dir.path / "fifo.lock").c_str(), 0666) == 0);
    fs::create_directory(dir.path / "dir.lock");

    for (const fs::path& path :
         {dir.path / "link.lock", dir.path / "fifo.lock", fs::path("/dev/null"),
          dir.path / "dir.lock", dir.path / "no-such-dir" / "f.lock", fs::path("/proc/self/comm")}) {
        const boost::system::error_code cause = lock_error_of(path);
        BOOST_REQUIRE(!!cause);
        const std::vector<std::string> plain = {path.string()}, json = {"--json", path.string()};
        for (const auto& args : {plain, json}) {
            BOOST_TEST_CONTEXT(args.front() << " " << args.back())
            {
                const result r = run_status(dir, args);
                BOOST_TEST(r.status == 2);
                BOOST_TEST(r.out.empty());
                BOOST_TEST(r.err == "lockfilectl: Couldn't query '" + path.string() +
                                        "': " + cause.message() + "\n");
            }
        }
    }
    BOOST_TEST(!fs::exists(dir.path / "no-such-dir"));
    BOOST_TEST(lockfile_test::run({"flock", "-n", target.string(), "true"}) == 1); // still held
}

BOOST_AUTO_TEST_CASE(a_missing_file_in_an_existing_directory_is_free,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const std::string path = (dir.path / "f.lock").string();
    const result text = run_status(dir, {path});
    BOOST_TEST(text.status == 0);
    BOOST_TEST(text.out == path + ": free\ncontent: none (the file does not exist)\n");
    BOOST_TEST(text.err.empty());

    const result json = run_status(dir, {"--json", path});
    BOOST_TEST(json.status == 0);
    BOOST_TEST(json.err.empty());
    BOOST_TEST(json_fields(json.out, {"path", "path_base64", "locked", "mode", "pids", "pid",
                                      "content", "content_base64", "content_error"}) ==
               "path=\"" + path + "\"\npath_base64=\"" + lockfile_test::hex(path) +
                   "\"\nlocked=false\nmode=null\npids=[]\npid=null\ncontent=null\n"
                   "content_base64=null\ncontent_error=\"No such file or directory\"\n");
    BOOST_TEST(!fs::exists(path)); // looking creates nothing
}

BOOST_AUTO_TEST_CASE(json_is_valid_whatever_bytes_the_path_and_content_hold,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    // Not UTF-8: a stray byte, a truncated sequence, an encoded surrogate;
    // then valid UTF-8 (e-acute) and a control character, DEL.
    const std::string name = "a\xff\xc3(\xed\xa0\x80\xc3\xa9\x7f.lock";
    const std::string name_json = "a\\ufffd\\ufffd(\\ufffd\\ufffd\\ufffd\\u00e9\\u007f.lock";
    // An overlong '/', a code point past U+10FFFF, then C0 and C1 control
    // characters, a quote, a backslash and the euro sign.
    const std::string host = "h\xc0\xaf\xf4\x90\x80\x80\x01\"\\\xc2\x85\xe2\x82\xac";
    const std::string host_json =
        "h\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\u0001\\\"\\\\\\u0085\\u20ac";
    const std::string path = (dir.path / name).string();
    const std::string path_json = dir.path.string() + "/" + name_json;

    auto holder = lockfile_test::hold_elsewhere(path, {"--template", "{pid};" + host});
    const std::string pid = std::to_string(holder.pid());
    const result held = run_status(dir, {"--json", path});
    BOOST_TEST(held.status == 1);
    BOOST_TEST(held.err.empty());
    BOOST_TEST(no_control_bytes(held.out));
    BOOST_TEST(json_fields(held.out, {"path", "path_base64", "locked", "pids", "pid", "hostname",
                                      "content", "content_base64", "content_error"}) ==
               "path=\"" + path_json + "\"\npath_base64=\"" + lockfile_test::hex(path) +
                   "\"\nlocked=true\npids=[" + pid + "]\npid=" + pid + "\nhostname=\"" + host_json +
                   "\"\ncontent=\" " + pid + ";" + host_json + "\\n\"\ncontent_base64=\"" +
                   lockfile_test::hex(" " + pid + ";" + host + "\n") + "\"\ncontent_error=null\n");
    const result text = run_status(dir, {path});
    BOOST_TEST(text.status == 1);
    BOOST_TEST(no_control_bytes(text.out), text.out);
    BOOST_TEST(text.out.find("\\xff") != std::string::npos); // the exact byte, shown escaped
    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);

    // Bytes that no lock_file holder writes: a NUL, a terminal's escape.
    const std::string raw("\xff\0 raw \x1b[31m\xe2\x82", 14);
    lockfile_test::write_file(path, raw);
    const result free = run_status(dir, {"--json", path});
    BOOST_TEST(free.status == 0);
    BOOST_TEST(no_control_bytes(free.out));
    BOOST_TEST(json_fields(free.out, {"locked", "pid", "content", "content_base64"}) ==
               "locked=false\npid=null\ncontent=\"\\ufffd\\u0000 raw \\u001b[31m\\ufffd\\ufffd\"\n"
               "content_base64=\"" +
                   lockfile_test::hex(raw) + "\"\n");
}

BOOST_AUTO_TEST_CASE(content_that_could_not_be_read_says_so, *boost::unit_test::timeout(60))
{
    if (::geteuid() != 0) {
        BOOST_TEST_MESSAGE("not root: no other user to run status as");
        return;
    }
    lockfile_test::temp_dir dir;
    const std::vector<std::string> as_nobody = {"setpriv", "--reuid=65534", "--regid=65534",
                                                "--clear-groups", "--"};
    {
        auto argv = as_nobody;
        argv.insert(argv.end(), {"test", "-x", lockfile_test::argument("lockfilectl")});
        if (lockfile_test::run(argv) != 0) {
            BOOST_TEST_MESSAGE("skipped: uid 65534 cannot run "
                               << lockfile_test::argument("lockfilectl"));
            return;
        }
    }
    const std::string path = (dir.path / "f.lock").string();
    auto holder = lockfile_test::hold_elsewhere(path, {"--template", "{pid};secret"});
    fs::permissions(path, fs::perms(0600)); // root's, as the holder (root) created it
    const std::string pid = std::to_string(holder.pid());
    const std::string denied =
        make_error_code(boost::system::errc::permission_denied).message(); // "Permission denied"

    const result text = run_status(dir, {path}, as_nobody);
    BOOST_TEST(text.status == 1); // the kernel's answer stands
    BOOST_TEST(text.out == path + ": locked (exclusive) by pid " + pid +
                               "\ncontent: not readable (" + denied + ")\n");
    BOOST_TEST(text.err.empty());

    const result json = run_status(dir, {"--json", path}, as_nobody);
    BOOST_TEST(json.status == 1);
    BOOST_TEST(json_fields(json.out, {"locked", "pids", "pid", "hostname", "content",
                                      "content_base64", "content_error"}) ==
               "locked=true\npids=[" + pid +
                   "]\npid=null\nhostname=null\ncontent=null\ncontent_base64=null\n"
                   "content_error=\"" +
                   denied + "\"\n");
}
