// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Where the tests find their programs and make their temporary directories.
#include "test_env.hpp"

#include "../../lib/registry.hpp"

#include <boost/filesystem/operations.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace lockfile_test {

// The test executables get the programs they run as arguments, in any order
// (b2 sorts them): each is found by its file name.
std::string argument(const char* name)
{
    const auto& suite = boost::unit_test::framework::master_test_suite();
    for (int i = 1; i < suite.argc; ++i)
        if (boost::filesystem::path(suite.argv[i]).filename().string().find(name) !=
            std::string::npos)
            return suite.argv[i];
    throw std::runtime_error(std::string("missing argument: the path of ") + name);
}

temp_dir::temp_dir() : temp_dir(boost::filesystem::temp_directory_path()) {}

temp_dir::temp_dir(const boost::filesystem::path& parent)
{
    path = parent / boost::filesystem::unique_path("lockfile-test-%%%%-%%%%-%%%%");
    boost::filesystem::create_directory(path);
    boost::filesystem::permissions(path, boost::filesystem::perms(0755));
}

temp_dir::~temp_dir()
{
    boost::system::error_code ignored;
    boost::filesystem::remove_all(path, ignored);
}

std::vector<std::string> helper(std::vector<std::string> args)
{
    args.insert(args.begin(), argument("lock_helper"));
    return args;
}

child_process hold_elsewhere(const boost::filesystem::path& path, std::vector<std::string> options)
{
    options.insert(options.begin(), "hold");
    options.push_back(path.string());
    child_process holder(helper(std::move(options)));
    BOOST_REQUIRE(holder.read_line() == "locked");
    return holder;
}

std::string read_file(const boost::filesystem::path& path)
{
    std::ifstream in(path.string(), std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const boost::filesystem::path& path, const std::string& content)
{
    std::ofstream out(path.string(), std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush())
        throw std::runtime_error("cannot write " + path.string());
}

std::string hex(const std::string& bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        out += digits[static_cast<unsigned char>(c) >> 4];
        out += digits[static_cast<unsigned char>(c) & 0xF];
    }
    return out;
}

void until_queued(const boost::filesystem::path& path, std::size_t count)
{
    while (lockfile::detail::registry::instance().queue_length(path) < count)
        std::this_thread::yield();
}

} // namespace lockfile_test
