// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The helper process of lockfile's inter-process tests.
//
// usage: lock_helper hold|try [--shared] [--boost] [--template T] [--linger] PATH
//
// hold: takes the lock, prints "locked", holds it until standard input
//       closes, then releases and exits 0.
// try:  exits 0 if it got the lock (and releases it).
// Both exit 1 on contention (printing "busy") and 2 on any other error.
// --boost uses a plain boost::interprocess::file_lock (fcntl family) in place
// of the library, as a Boost user's program would. With --linger, an error
// is printed and the helper lives on until standard input closes, so that a
// test can look at the lock while the failed process still exists.

#include <lockfile.hpp>

#include <boost/interprocess/sync/file_lock.hpp>

#if defined(_WIN32)
#include <boost/filesystem/detail/utf8_codecvt_facet.hpp>

#include <windows.h>

#include <shellapi.h>
#endif

#include <fstream>
#include <iostream>
#include <limits>
#include <locale>
#include <optional>
#include <string>
#include <vector>

namespace {

struct arguments {
    std::string action;
    bool shared = false;
    bool boost = false;
    bool linger = false;
    std::string content_template = "{pid}";
    std::string path;
};

#if defined(_WIN32)
// argv is in the ANSI code page, which cannot spell every path: the
// arguments are read from the wide command line, as UTF-8, and paths are
// made from UTF-8 (the tests pass non-ASCII paths).
std::vector<std::string> command_line(int, char**)
{
    boost::filesystem::path::imbue(
        std::locale(std::locale(), new boost::filesystem::detail::utf8_codecvt_facet));
    int count = 0;
    wchar_t** const wide = ::CommandLineToArgvW(::GetCommandLineW(), &count);
    std::vector<std::string> args;
    for (int i = 0; i < count; ++i) {
        const int n = ::WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, nullptr, 0, nullptr, nullptr);
        std::string arg(static_cast<std::size_t>(n), '\0');
        ::WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, arg.data(), n, nullptr, nullptr);
        arg.pop_back(); // the terminating zero
        args.push_back(arg);
    }
    ::LocalFree(wide);
    return args;
}
#else
std::vector<std::string> command_line(int argc, char** argv)
{
    return {argv, argv + argc};
}
#endif

std::optional<arguments> parse(const std::vector<std::string>& argv)
{
    arguments args;
    const std::size_t argc = argv.size();
    if (argc < 3)
        return std::nullopt;
    args.action = argv[1];
    for (std::size_t i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--shared")
            args.shared = true;
        else if (arg == "--boost")
            args.boost = true;
        else if (arg == "--linger")
            args.linger = true;
        else if (arg == "--template" && i + 1 < argc)
            args.content_template = argv[++i];
        else
            args.path = arg;
    }
    if ((args.action != "hold" && args.action != "try") || args.path.empty())
        return std::nullopt;
    return args;
}

void wait_for_stdin_to_close()
{
    std::cin.ignore(std::numeric_limits<std::streamsize>::max());
}

int report_contention()
{
    std::cout << "busy" << std::endl;
    return 1;
}

// The library's lock; the same flow for both actions.
int with_library(const arguments& args)
{
    lockfile::lock_options options;
    options.content_template = args.content_template;
    options.mode = args.shared ? lockfile::lock_mode::shared : lockfile::lock_mode::exclusive;
    boost::system::error_code ec;
    lockfile::lock_file lock(args.path, options, ec);
    if (ec == lockfile::error::already_locked)
        return report_contention();
    if (ec) {
        std::cout << "error: " << ec.message() << std::endl;
        if (args.linger)
            wait_for_stdin_to_close();
        return 2;
    }
    if (args.action == "hold") {
        std::cout << "locked" << std::endl;
        wait_for_stdin_to_close();
    }
    lock.close(ec);
    if (ec) {
        std::cout << "error: " << lockfile::lock_error(ec, args.path, "unlock").what() << std::endl;
        return 2;
    }
    return 0;
}

// Plain Boost, as a Boost user's program would lock the same file.
int with_boost(const arguments& args)
{
    // file_lock needs an existing file; create it without truncating.
    std::ofstream(args.path, std::ios::app);
    boost::interprocess::file_lock lock(args.path.c_str());
    const bool acquired = args.shared ? lock.try_lock_sharable() : lock.try_lock();
    if (!acquired)
        return report_contention();
    if (args.action == "hold") {
        std::cout << "locked" << std::endl;
        wait_for_stdin_to_close();
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const auto args = parse(command_line(argc, argv));
    if (!args) {
        std::cerr << "usage: lock_helper hold|try [--shared] [--boost] [--template T] [--linger] "
                     "PATH\n";
        return 2;
    }
    try {
        return args->boost ? with_boost(*args) : with_library(*args);
    } catch (const std::exception& e) {
        std::cout << "error: " << e.what() << std::endl;
        return 2;
    }
}
