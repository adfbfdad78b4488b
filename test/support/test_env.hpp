// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_TEST_TEST_ENV_HPP_INCLUDED
#define LOCKFILE_TEST_TEST_ENV_HPP_INCLUDED

// What every test suite shares: a fresh directory per test case, and the
// command lines of the helper processes and peers that take part.

#include "child_process.hpp"

#include <lockfile/error.hpp>
#include <lockfile/lock_options.hpp>

#include <boost/filesystem/path.hpp>

#include <chrono>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace lockfile_test {

// A fresh directory (mode 0755) under the system's temporary directory, or
// under `parent`, removed with everything in it at the end of the test case.
struct temp_dir {
    temp_dir();
    explicit temp_dir(const boost::filesystem::path& parent);
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    boost::filesystem::path path;
};

// The program that the test got as an argument whose file name contains
// `name` (the helper, the Python peer, the shim, the examples).
std::string argument(const char* name);

// The project's helper (test/helper/lock_helper.cpp) with these arguments.
// Its protocol, shared by every peer below: "hold" prints "locked" once it
// holds the lock and releases when its standard input closes; "try" exits
// 0 if it got the lock (and releases it), 1 on contention, 2 on error.
std::vector<std::string> helper(std::vector<std::string> args);

// The helper holding the lock on path (it said "locked"), with the helper's
// options (such as "--shared" or "--template", "T") before the path.
child_process hold_elsewhere(const boost::filesystem::path& path,
                             std::vector<std::string> options = {});

#if !defined(_WIN32) // POSIX only: test/support/peers.cpp, system_posix.cpp

// The environment of a helper that runs with the LD_PRELOAD shim
// test/shim/fault_shim.cpp, given the shim's settings ("LOCKFILE_SHIM_...");
// an ASan build accepts the shim preloaded before its runtime.
std::vector<std::string> with_fault_shim(std::vector<std::string> settings);

// A program that takes the lock another way, with the helper's protocol.
struct peer {
    std::string name;
    std::vector<std::string> (*hold)(const std::string& path);
    std::vector<std::string> (*attempt)(const std::string& path);
};

// zc.lockfile, py-filelock, portalocker, util-linux flock(1): flock(2).
const std::vector<peer>& flock_family();
// Plain boost::interprocess::file_lock, python3-fasteners: fcntl locks.
const std::vector<peer>& fcntl_family();

// The descriptors this process has open, and of them those whose
// /proc/self/fd link starts with `prefix` ("anon_inode:inotify"...).
int open_descriptors(const std::string& prefix = "");
// The watches of this process's inotify instance (0 if it has none).
int inotify_watches();

// CPU time used so far by this process, and by one of its threads.
std::chrono::nanoseconds process_cpu_time();
std::chrono::nanoseconds thread_cpu_time(std::thread& thread);

#endif

// Something in or near `dir` that is not a regular file, which the library
// must refuse: a FIFO made in dir (POSIX), the NUL device (Windows).
boost::filesystem::path non_regular_file(const boost::filesystem::path& dir);

// Until `count` waiters of this process queue for `path` (the registry's
// own count): the handshake that says a waiter is waiting.
void until_queued(const boost::filesystem::path& path, std::size_t count = 1);

// This process's id, as lock_file's {pid} writes it.
long process_id();

// This machine's name, as lock_file's {hostname} writes it.
std::string host_name();

// A file's bytes.
std::string read_file(const boost::filesystem::path& path);
void write_file(const boost::filesystem::path& path, const std::string& content);

// Bytes as lowercase hexadecimal, two digits each (as Python's bytes.hex()),
// for exchanging exact bytes with Python peers.
std::string hex(const std::string& bytes);

} // namespace lockfile_test

namespace lockfile {
// Lets BOOST_TEST(ec == lockfile::error::...) print both sides.
inline std::ostream& boost_test_print_type(std::ostream& out, error e)
{
    return out << make_error_code(e);
}
inline std::ostream& boost_test_print_type(std::ostream& out, lock_mode mode)
{
    return out << (mode == lock_mode::shared ? "shared" : "exclusive");
}
} // namespace lockfile

#endif // LOCKFILE_TEST_TEST_ENV_HPP_INCLUDED
