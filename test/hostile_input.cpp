// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Hostile input, table-driven: each case gets its specific error code and a
// message naming the path, changes no file, and is bounded by 2 s. The
// table runs again as an unprivileged user when the tests run as root.
#define BOOST_TEST_MODULE hostile_input
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/test_env.hpp"

#include <boost/filesystem/operations.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <map>
#include <ostream>
#include <sstream>

namespace {

namespace fs = boost::filesystem;
namespace errc = boost::system::errc;

struct hostile_case {
    const char* name;
    // Makes the hostile thing in dir; returns the path to lock.
    std::function<std::string(const fs::path& dir)> make;
    boost::system::error_code expected; // success when clear
    const char* content_template = "{pid}";
};

std::ostream& operator<<(std::ostream& out, const hostile_case& c)
{
    return out << c.name;
}

std::string make_file(const fs::path& path, const std::string& content, unsigned mode = 0644)
{
    lockfile_test::write_file(path, content);
    fs::permissions(path, fs::perms(mode));
    return path.string();
}

const std::vector<hostile_case>& cases()
{
    static const std::vector<hostile_case> table = {
        {"empty path", [](const fs::path&) { return std::string(); },
         make_error_code(errc::no_such_file_or_directory)},
        {"directory", [](const fs::path& d) { return d.string(); },
         make_error_code(errc::is_a_directory)},
        {"missing parent", [](const fs::path& d) { return (d / "no" / "f.lock").string(); },
         make_error_code(errc::no_such_file_or_directory)},
        {"symlink to a file",
         [](const fs::path& d) {
             make_file(d / "target", "precious", 0666);
             fs::create_symlink(d / "target", d / "f.lock");
             return (d / "f.lock").string();
         },
         lockfile::error::symbolic_link},
        {"dangling symlink",
         [](const fs::path& d) {
             fs::create_symlink(d / "nowhere", d / "f.lock");
             return (d / "f.lock").string();
         },
         lockfile::error::symbolic_link},
        {"symlink loop",
         [](const fs::path& d) {
             fs::create_symlink(d / "b", d / "a");
             fs::create_symlink(d / "a", d / "b");
             return (d / "a").string();
         },
         lockfile::error::symbolic_link},
        {"FIFO",
         [](const fs::path& d) {
             ::mkfifo((d / "f.lock").c_str(), 0666);
             ::chmod((d / "f.lock").c_str(), 0666);
             return (d / "f.lock").string();
         },
         lockfile::error::not_a_regular_file},
        {"character device", [](const fs::path&) { return std::string("/dev/null"); },
         lockfile::error::not_a_regular_file},
        {"socket",
         [](const fs::path& d) {
             const int server = ::socket(AF_UNIX, SOCK_STREAM, 0);
             sockaddr_un address{};
             address.sun_family = AF_UNIX;
             std::strncpy(address.sun_path, (d / "f.lock").c_str(), sizeof address.sun_path - 1);
             ::bind(server, reinterpret_cast<sockaddr*>(&address), sizeof address);
             ::chmod((d / "f.lock").c_str(), 0666);
             return (d / "f.lock").string(); // the socket stays bound until the process ends
         },
         make_error_code(errc::no_such_device_or_address)},
        {"file without write permission",
         [](const fs::path& d) { return make_file(d / "f.lock", " 1\n", 0444); },
         make_error_code(errc::permission_denied)},
        {"name too long", [](const fs::path& d) { return (d / std::string(300, 'x')).string(); },
         make_error_code(errc::filename_too_long)},
        {"bad template", [](const fs::path& d) { return (d / "f.lock").string(); },
         lockfile::error::bad_template, "{user}"},
        {"bytes that are not UTF-8 (a valid name)",
         [](const fs::path& d) { return (d / "\\xff\\xfe.lock").string(); },
         {}},
    };
    return table;
}

// Every file under dir, symlinks as their targets, with content and mtime.
std::map<std::string, std::string> snapshot(const fs::path& dir)
{
    std::map<std::string, std::string> files;
    for (fs::recursive_directory_iterator it(dir), end; it != end; ++it) {
        const fs::path path = it->path();
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0)
            continue;
        std::ostringstream state;
        state << st.st_mode << ' ' << st.st_mtim.tv_sec << '.' << st.st_mtim.tv_nsec;
        if (S_ISLNK(st.st_mode))
            state << " -> " << fs::read_symlink(path).string();
        else if (S_ISREG(st.st_mode))
            state << ' ' << lockfile_test::read_file(path);
        files[path.string()] = state.str();
    }
    return files;
}

// The case's outcome as a short string, from a forked unprivileged child.
std::string outcome_as_nobody(const hostile_case& c, const std::string& path)
{
    int report[2];
    BOOST_REQUIRE(::pipe(report) == 0);
    const pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0)
            ::_exit(100);
        boost::system::error_code ec;
        lockfile::lock_file lock(path, c.content_template, ec);
        const std::string text = ec ? ec.message() : "ok";
        ::_exit(::write(report[1], text.data(), text.size()) < 0 ? 101 : 0);
    }
    ::close(report[1]);
    char buffer[256] = {};
    const ssize_t n = ::read(report[0], buffer, sizeof buffer - 1);
    ::close(report[0]);
    ::waitpid(child, nullptr, 0);
    return std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
}

} // namespace

BOOST_TEST_DECORATOR(*boost::unit_test::timeout(2))
BOOST_DATA_TEST_CASE(each_case_its_error_and_nothing_changed, boost::unit_test::data::make(cases()),
                     hostile)
{
    lockfile_test::temp_dir dir;
    const std::string path = hostile.make(dir.path);
    const auto before = snapshot(dir.path);
    const bool root = ::geteuid() == 0;
    // Root may write anything: for the unwritable file only the
    // unprivileged run below applies.
    if (!(root && hostile.expected == errc::permission_denied)) {
        boost::system::error_code ec;
        lockfile::lock_file lock(path, hostile.content_template, ec);
        BOOST_TEST((ec == hostile.expected.default_error_condition()), ec.message());
        BOOST_TEST(lock.owns_lock() == !hostile.expected);
        if (!hostile.expected)
            return; // a valid name: taken, nothing more to check
        try {
            lockfile::lock_file again(path, hostile.content_template);
            BOOST_FAIL("no exception");
        } catch (const lockfile::lock_error& e) {
            BOOST_TEST(std::string(e.what()).find("'" + path + "'") != std::string::npos);
        }
    }
    if (root) // the same case as an unprivileged user
        BOOST_TEST(outcome_as_nobody(hostile, path) == hostile.expected.message());
    BOOST_TEST((snapshot(dir.path) == before)); // no file changed, created or removed
}
