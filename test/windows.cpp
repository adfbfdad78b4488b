// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// What is Windows's own (built and run there only; .ci/windows runs it
// under wine): the lock is byte 0, taken with LockFileEx, so the rest of
// the file stays readable; wide paths; a file's identity is its volume and
// index; sharing violations are contention, and every other failure keeps
// its Windows error code and names the path. A blocking wait, with no
// inotify and no kernel wait here, relies on its timer.
#define BOOST_TEST_MODULE windows
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>
#include <lockfile/lock_status.hpp>
#include <lockfile/wait.hpp>
#include <lockfile/who_holds.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/asio/error.hpp>
#include <boost/filesystem/operations.hpp>

#include <windows.h>

#include <chrono>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;

// A handle of the file, for looking at it as another program would.
struct handle {
    explicit handle(const boost::filesystem::path& path, DWORD share)
        : h(::CreateFileW(path.c_str(), GENERIC_READ, share, nullptr, OPEN_EXISTING,
                          FILE_ATTRIBUTE_NORMAL, nullptr))
    {
        BOOST_REQUIRE(h != INVALID_HANDLE_VALUE);
    }
    ~handle() { ::CloseHandle(h); }
    handle(const handle&) = delete;
    handle& operator=(const handle&) = delete;

    // The bytes from offset on, or the Windows error code of the read.
    std::string read_from(DWORD offset, DWORD& error) const
    {
        char buffer[256];
        OVERLAPPED where{};
        where.Offset = offset;
        DWORD n = 0;
        error = ::ReadFile(h, buffer, sizeof buffer, &n, &where) ? 0 : ::GetLastError();
        return std::string(buffer, error ? 0 : n);
    }

    // A lock on one byte; false with GetLastError() set if refused.
    bool try_lock(DWORD offset) const
    {
        OVERLAPPED where{};
        where.Offset = offset;
        return ::LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0,
                            &where);
    }

    HANDLE h;
};

constexpr DWORD share_all = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

boost::system::error_code windows_error(DWORD code)
{
    return {static_cast<int>(code), boost::system::system_category()};
}

} // namespace

BOOST_AUTO_TEST_CASE(byte_zero_is_locked_and_the_rest_readable, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path);
    const std::string pid = std::to_string(holder.pid());

    handle reader(path, share_all);
    BOOST_TEST(!reader.try_lock(0)); // zc.lockfile's byte: it would be refused
    BOOST_TEST(::GetLastError() == DWORD(ERROR_LOCK_VIOLATION));
    BOOST_TEST(reader.try_lock(1)); // and only that byte
    DWORD error = 0;
    BOOST_TEST(reader.read_from(1, error) == pid + "\n"); // where zc.lockfile reads
    BOOST_TEST(error == 0u);
    BOOST_TEST(lockfile::who_holds(path).pid.value_or(-1) == holder.pid());

    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
    BOOST_TEST(reader.read_from(0, error) == " " + pid + "\n"); // zc.lockfile's bytes
    BOOST_TEST(error == 0u);
}

BOOST_AUTO_TEST_CASE(a_held_file_cannot_be_deleted, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file lock(path);
    BOOST_TEST(!::DeleteFileW(path.c_str()));
    BOOST_TEST(::GetLastError() == DWORD(ERROR_SHARING_VIOLATION));
    lock.close();
    BOOST_TEST(boost::filesystem::exists(path)); // and never deleted by the library
}

BOOST_AUTO_TEST_CASE(a_non_ascii_path_locks_across_processes, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const std::wstring name = L"verrou-\u00e9t\u00e9-\u9501.lock";
    const auto path = dir.path / name;
    // The helper gets the path in UTF-8 (test/helper/lock_helper.cpp).
    const std::string utf8 = "verrou-\xc3\xa9t\xc3\xa9-\xe9\x94\x81.lock";
    const std::string helper_path = dir.path.string() + "\\" + utf8;

    lockfile::lock_file lock(path);
    BOOST_TEST(boost::filesystem::exists(dir.path / name));
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", helper_path})) == 1);
    lock.close();
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", helper_path})) == 0);
}

BOOST_AUTO_TEST_CASE(another_spelling_is_the_same_file, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    lockfile::lock_file lock(dir.path / "f.lock");
    boost::system::error_code ec;
    lockfile::lock_file second(dir.path / "F.LOCK", ec); // names are case-insensitive
    BOOST_TEST(ec == lockfile::error::already_locked);
    lockfile::lock_file third(dir.path / "." / "f.lock", ec);
    BOOST_TEST(ec == lockfile::error::already_locked);
}

BOOST_AUTO_TEST_CASE(a_sharing_violation_is_contention, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile_test::write_file(path, "data");
    boost::system::error_code ec;
    {
        handle exclusive(path, 0); // opened without sharing by another program
        lockfile::lock_file refused(path, ec);
        BOOST_TEST(ec == lockfile::error::already_locked);
    }
    lockfile::lock_file granted(path, ec);
    BOOST_TEST(!ec, ec.message());
}

BOOST_AUTO_TEST_CASE(other_failures_keep_their_code_and_name_the_path,
                     *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto missing = dir.path / "missing" / "f.lock";
    try {
        lockfile::lock_file lock(missing);
        BOOST_FAIL("locked a file in a missing directory");
    } catch (const lockfile::lock_error& e) {
        BOOST_TEST(e.code() == windows_error(ERROR_PATH_NOT_FOUND));
        BOOST_TEST(std::string(e.what()).find(missing.string()) != std::string::npos, e.what());
    }
    boost::system::error_code ec;
    lockfile::lock_file on_directory(dir.path, ec); // not Windows's "access denied"
    BOOST_TEST(ec == boost::system::errc::is_a_directory, ec.message());
    lockfile::lock_file on_device("NUL", ec);
    BOOST_TEST(ec == lockfile::error::not_a_regular_file);
    lockfile::query_lock(dir.path, ec); // /proc/locks is Linux's
    BOOST_TEST(ec == boost::system::errc::operation_not_supported);
}

BOOST_AUTO_TEST_CASE(boost_file_lock_and_the_library_exclude_each_other,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    {
        auto boost_holder = lockfile_test::hold_elsewhere(path, {"--boost"});
        boost::system::error_code ec;
        lockfile::lock_file refused(path, ec);
        BOOST_TEST(ec == lockfile::error::already_locked);
    }
    lockfile::lock_file lock(path);
    BOOST_TEST(lockfile_test::run(lockfile_test::helper({"try", "--boost", path.string()})) == 1);
}

BOOST_AUTO_TEST_CASE(a_blocking_wait_times_out_is_cancelled_and_takes_the_lock,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    auto holder = lockfile_test::hold_elsewhere(path);

    boost::system::error_code timed_out;
    lockfile::simple_lock_file refused(path, lockfile::wait_for(100ms), timed_out);
    BOOST_TEST(timed_out == lockfile::error::timed_out);

    lockfile::wait_canceller stop;
    boost::system::error_code cancelled;
    std::thread cancelled_waiter([&] {
        lockfile::simple_lock_file lock(path, lockfile::wait_forever().cancelled_by(stop),
                                        cancelled);
    });
    lockfile_test::until_queued(path, 1);
    stop.cancel();
    cancelled_waiter.join();
    BOOST_TEST(cancelled == boost::asio::error::operation_aborted);

    // No canceller, no deadline: where a POSIX wait would sleep in flock(2),
    // this one sleeps on its timer.
    boost::system::error_code ec;
    bool held = false;
    std::thread waiter([&] {
        lockfile::lock_file lock(path, lockfile::wait_forever(), ec);
        held = lock.owns_lock();
    });
    lockfile_test::until_queued(path, 1);
    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
    waiter.join();
    BOOST_TEST(!ec, ec.message());
    BOOST_TEST(held);
}
