// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The desktop-app check: run once per user. If another instance holds the
// lock, say who it is and exit.
//
// usage: single_instance [LOCKFILE]
// (default: one per user, $XDG_RUNTIME_DIR/single_instance.lock on Linux,
// %LOCALAPPDATA%\single_instance.lock on Windows)

#include <lockfile.hpp>

#include <unistd.h> // getpid(); mingw-w64 has it too

#include <cstdlib>
#include <iostream>
#include <string>

namespace {

std::string default_lock_path()
{
#if defined(_WIN32)
    const char* local = std::getenv("LOCALAPPDATA");
    return std::string(local ? local : ".") + "\\single_instance.lock";
#else
    if (const char* runtime_dir = std::getenv("XDG_RUNTIME_DIR"))
        return std::string(runtime_dir) + "/single_instance.lock";
    return "/tmp/single_instance." + std::to_string(::getuid()) + ".lock";
#endif
}

} // namespace

int main(int argc, char** argv)
{
    const std::string path = argc > 1 ? argv[1] : default_lock_path();

    boost::system::error_code ec;
    lockfile::lock_file lock(path, "{pid};{hostname}", ec);
    if (ec == lockfile::error::already_locked) {
        const lockfile::holder_info holder = lockfile::who_holds(path, ec);
        std::cout << "already running: pid " << holder.pid.value_or(0) << " on " << holder.hostname
                  << "\n";
        return 1;
    }
    if (ec) {
        std::cerr << "cannot lock " << path << ": " << ec.message() << "\n";
        return 2;
    }
    std::cout << "running as pid " << ::getpid() << "; close standard input to quit" << std::endl;
    for (std::string line; std::getline(std::cin, line);) {}
    return 0;
}
