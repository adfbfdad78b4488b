// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The API's shape: error codes, messages, path types, moves.
#define BOOST_TEST_MODULE api
#include <boost/test/unit_test.hpp>

#include <lockfile.hpp>

#include "support/test_env.hpp"

#include <filesystem>
#include <string>
#include <string_view>

BOOST_AUTO_TEST_CASE(contention_compares_equal_to_errc, *boost::unit_test::timeout(10))
{
    const boost::system::error_code ec = lockfile::error::already_locked;
    BOOST_TEST(ec == boost::system::errc::resource_unavailable_try_again);
    BOOST_TEST(ec != boost::system::errc::permission_denied);
    BOOST_TEST(std::string(ec.category().name()) == "lockfile");
    const boost::system::error_code other = lockfile::error::bad_template;
    BOOST_TEST(other != boost::system::errc::resource_unavailable_try_again);
    for (auto e : {lockfile::error::already_locked, lockfile::error::bad_template,
                   lockfile::error::not_a_regular_file, lockfile::error::file_replaced})
        BOOST_TEST(!make_error_code(e).message().empty());
}

BOOST_AUTO_TEST_CASE(every_path_type_is_accepted, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const std::string name = (dir.path / "f.lock").string();
    lockfile::lock_file(boost::filesystem::path(name)).close();
    lockfile::lock_file(std::filesystem::path(name)).close();
    lockfile::lock_file(name).close();
    lockfile::lock_file(name.c_str()).close();
    lockfile::lock_file(std::string_view(name)).close();
    lockfile::simple_lock_file(std::filesystem::path(name)).close();
    const std::wstring wide = (dir.path / "f.lock").wstring(); // Windows's own encoding
    lockfile::lock_file(wide.c_str()).close();
    lockfile::lock_file(std::wstring_view(wide)).close();
    lockfile::lock_file lock(wide, "{pid}");
    BOOST_TEST(lock.path() == boost::filesystem::path(name));
    boost::system::error_code ec;
    lockfile::lock_file narrow(name, ec); // the same file, however it was spelled
    BOOST_TEST(ec == lockfile::error::already_locked);
}

BOOST_AUTO_TEST_CASE(moves_transfer_the_lock, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto first_path = dir.path / "first.lock";
    const auto second_path = dir.path / "second.lock";

    lockfile::lock_file first(first_path);
    lockfile::lock_file moved(std::move(first));
    BOOST_TEST(!first.owns_lock());
    BOOST_TEST(moved.owns_lock());
    BOOST_TEST(moved.path() == first_path);

    // Assigning over a holder releases what it held.
    moved = lockfile::lock_file(second_path);
    BOOST_TEST(moved.path() == second_path);
    lockfile::lock_file relocked(first_path);
    BOOST_TEST(relocked.owns_lock());
    boost::system::error_code ec;
    lockfile::lock_file refused(second_path, ec);
    BOOST_TEST(ec == lockfile::error::already_locked);
}

BOOST_AUTO_TEST_CASE(an_empty_lock_object, *boost::unit_test::timeout(10))
{
    lockfile::lock_file empty;
    BOOST_TEST(!empty.owns_lock());
    BOOST_TEST(!empty.verify());
    empty.close();
    boost::system::error_code ec = lockfile::error::bad_template;
    empty.close(ec);
    BOOST_TEST(!ec);
}

BOOST_AUTO_TEST_CASE(error_code_forms_clear_ec_on_success, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    boost::system::error_code ec = lockfile::error::bad_template;
    lockfile::lock_file lock(dir.path / "f.lock", ec);
    BOOST_TEST(!ec);
    ec = lockfile::error::bad_template;
    lockfile::simple_lock_file simple(dir.path / "g.lock", ec);
    BOOST_TEST(!ec);
}

// Windows has no permission bits: the option is ignored there.
#if !defined(_WIN32)
BOOST_AUTO_TEST_CASE(created_with_the_requested_permissions, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    lockfile::lock_options options;
    options.permissions = boost::filesystem::perms(0600);
    lockfile::lock_file lock(dir.path / "f.lock", options);
    BOOST_TEST(boost::filesystem::status(dir.path / "f.lock").permissions() ==
               boost::filesystem::perms(0600));
}
#endif

// A lock file is never created setuid, setgid or sticky.
BOOST_AUTO_TEST_CASE(special_permission_bits_are_refused, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    for (const unsigned bits : {04000u, 02000u, 01000u, 07777u}) {
        BOOST_TEST_CONTEXT("permissions " << std::oct << bits)
        {
            lockfile::lock_options options;
            options.permissions = static_cast<boost::filesystem::perms>(bits);
            boost::system::error_code ec;
            lockfile::lock_file lock(path, options, ec);
            BOOST_TEST(ec == boost::system::errc::invalid_argument);
            BOOST_TEST(!boost::filesystem::exists(path));
            try {
                lockfile::lock_file thrown(path, options);
                BOOST_ERROR("no exception");
            } catch (const lockfile::lock_error& e) {
                BOOST_TEST(std::string(e.what()).find(path.string()) != std::string::npos);
            }
        }
    }
}

#if !defined(_WIN32)
// A lock keeps meaning the file it locked when the working directory
// changes: path() is made absolute at acquisition.
BOOST_AUTO_TEST_CASE(a_relative_path_survives_chdir, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir, elsewhere;
    const auto before = boost::filesystem::current_path();
    boost::filesystem::current_path(dir.path);
    lockfile::lock_file lock("f.lock", "{pid}");
    boost::filesystem::current_path(elsewhere.path);
    lockfile_test::write_file(elsewhere.path / "f.lock", " 1\n"); // a decoy
    BOOST_TEST(lock.path() == dir.path / "f.lock");
    BOOST_TEST(lock.verify());
    BOOST_TEST(lockfile::who_holds(lock.path()).pid.value_or(0) == lockfile_test::process_id());
    boost::filesystem::current_path(before);
}
#endif
