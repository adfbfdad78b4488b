// Shared mode: many shared holders, in this process and others, or one
// exclusive holder.
#define BOOST_TEST_MODULE shared_mode
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

namespace {

lockfile::lock_options shared()
{
    lockfile::lock_options options;
    options.mode = lockfile::lock_mode::shared;
    return options;
}

boost::system::error_code try_lock(const boost::filesystem::path& path,
                                   const lockfile::lock_options& options)
{
    boost::system::error_code ec;
    lockfile::lock_file lock(path, options, ec);
    return ec;
}

} // namespace

BOOST_AUTO_TEST_CASE(in_one_process, *boost::unit_test::timeout(10))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    lockfile::lock_file first(path, shared());
    lockfile::lock_file second(path, shared());
    BOOST_TEST(first.mode() == lockfile::lock_mode::shared);
    BOOST_TEST(try_lock(path, {}) == lockfile::error::already_locked);
    first.close();
    BOOST_TEST(try_lock(path, {}) == lockfile::error::already_locked); // second still holds
    second.close();
    lockfile::lock_file exclusive(path);
    BOOST_TEST(try_lock(path, shared()) == lockfile::error::already_locked);
}

BOOST_AUTO_TEST_CASE(across_processes, *boost::unit_test::timeout(30))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "f.lock";
    const auto try_in_helper = [&](std::vector<std::string> flags) {
        flags.insert(flags.begin(), "try");
        flags.push_back(path.string());
        return lockfile_test::run(lockfile_test::helper(flags));
    };
    {
        auto holder = lockfile_test::hold_elsewhere(path, {"--shared"});
        BOOST_TEST(!try_lock(path, shared()));
        BOOST_TEST(try_lock(path, {}) == lockfile::error::already_locked);
    }
    lockfile::lock_file ours(path, shared());
    BOOST_TEST(try_in_helper({"--shared"}) == 0);
    BOOST_TEST(try_in_helper({"--shared", "--boost"}) == 0);
    BOOST_TEST(try_in_helper({}) == 1);
    BOOST_TEST(try_in_helper({"--boost"}) == 1);
}
