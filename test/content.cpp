// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The bytes lock_file writes: zc.lockfile's, exactly.
#define BOOST_TEST_MODULE content
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>
#include <lockfile/simple_lock_file.hpp>

#include "support/test_env.hpp"

#include <boost/filesystem/operations.hpp>

#include <string>

namespace {

std::string pid_text()
{
    return std::to_string(lockfile_test::process_id());
}
} // namespace

BOOST_AUTO_TEST_CASE(default_template_is_the_pid, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile::lock_file lock(dir.path / "f.lock");
    BOOST_TEST(lockfile_test::read_file(dir.path / "f.lock") == " " + pid_text() + "\n");
}

BOOST_AUTO_TEST_CASE(pid_and_hostname, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile::lock_file lock(dir.path / "f.lock", "{pid};{hostname}");
    BOOST_TEST(lockfile_test::read_file(dir.path / "f.lock") ==
               " " + pid_text() + ";" + lockfile_test::host_name() + "\n");
}

BOOST_AUTO_TEST_CASE(doubled_braces_are_literal, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile::lock_file lock(dir.path / "f.lock", "{{pid}}={pid}");
    BOOST_TEST(lockfile_test::read_file(dir.path / "f.lock") == " {pid}=" + pid_text() + "\n");
}

BOOST_AUTO_TEST_CASE(pid_with_a_format_spec, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile::lock_file lock(dir.path / "f.lock", "{pid:08d}");
    std::string padded = pid_text();
    while (padded.size() < 8)
        padded.insert(0, 1, '0');
    BOOST_TEST(lockfile_test::read_file(dir.path / "f.lock") == " " + padded + "\n");
}

BOOST_AUTO_TEST_CASE(longer_old_content_is_truncated, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile_test::write_file(dir.path / "f.lock", std::string(100, 'x'));
    lockfile::lock_file lock(dir.path / "f.lock", "abc");
    BOOST_TEST(lockfile_test::read_file(dir.path / "f.lock") == " abc\n");
}

BOOST_AUTO_TEST_CASE(content_stays_after_close, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile::lock_file(dir.path / "f.lock", "held").close();
    BOOST_TEST(lockfile_test::read_file(dir.path / "f.lock") == " held\n");
}

BOOST_AUTO_TEST_CASE(bad_templates_fail_before_any_file_is_opened, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    for (const char* bad : {"{user}", "{pid", "pid}", "{}", "{pid:5s}", "{{pid}"}) {
        BOOST_TEST_CONTEXT("template " << bad)
        {
            boost::system::error_code ec;
            lockfile::lock_file lock(dir.path / "f.lock", bad, ec);
            BOOST_TEST(ec == lockfile::error::bad_template);
            BOOST_TEST(!lock.owns_lock());
            BOOST_TEST(!boost::filesystem::exists(dir.path / "f.lock"));
            BOOST_CHECK_THROW(lockfile::lock_file(dir.path / "f.lock", bad), lockfile::lock_error);
        }
    }
}

BOOST_AUTO_TEST_CASE(simple_lock_file_writes_nothing, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile_test::write_file(dir.path / "data.lock", "my own data");
    lockfile::simple_lock_file lock(dir.path / "data.lock");
    BOOST_TEST(lockfile_test::read_file(dir.path / "data.lock") == "my own data");
}

BOOST_AUTO_TEST_CASE(simple_lock_file_reads_and_writes_through_its_descriptor,
                     *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile_test::write_file(dir.path / "data.lock", "counter=41 and more");
    lockfile::simple_lock_file lock(dir.path / "data.lock");
    BOOST_TEST(lock.read_content() == "counter=41 and more");
    lock.write_content("counter=42");
    BOOST_TEST(lock.read_content() == "counter=42");
    lock.close();
    BOOST_TEST(lockfile_test::read_file(dir.path / "data.lock") == "counter=42");
}

BOOST_AUTO_TEST_CASE(shared_holders_write_nothing, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile_test::write_file(dir.path / "f.lock", " 1\n");
    lockfile::lock_options options;
    options.mode = lockfile::lock_mode::shared;
    lockfile::lock_file lock(dir.path / "f.lock", options);
    BOOST_TEST(lockfile_test::read_file(dir.path / "f.lock") == " 1\n");
}
