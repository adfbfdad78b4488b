// A program that the holder starts (fork + exec) inherits none of the
// lock's descriptors, Boost's included, and holds no lock.
#define BOOST_TEST_MODULE exec_inheritance
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

BOOST_AUTO_TEST_CASE(no_descriptor_reaches_an_execd_program, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file lock(path);

    lockfile_test::child_process program(
        {"sh", "-c", "for fd in /proc/$$/fd/*; do readlink \"$fd\"; done; echo end"});
    int descriptors = 0;
    for (std::string line = program.read_line(); line != "end"; line = program.read_line()) {
        ++descriptors;
        BOOST_TEST(line.find("f.lock") == std::string::npos, "inherited " << line);
    }
    BOOST_TEST(descriptors >= 3); // the listing itself works
    BOOST_TEST(program.wait() == 0);
}
