// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Two processes contend for one lock file; the loser says who holds it.
//
// usage: contention_demo [PATH]      (default: ./demo.lock)
//
// The first process takes the lock and starts a second copy of this program,
// which fails to take it and reads the holder's pid and host from the file.
// Then the first releases, and the second tries again and wins.

#include <lockfile.hpp>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>
#include <string>

extern char** environ;

namespace {

// The second process: one attempt, and a report.
int contend(const std::string& path)
{
    boost::system::error_code ec;
    lockfile::lock_file lock(path, "{pid};{hostname}", ec);
    if (ec == lockfile::error::already_locked) {
        const lockfile::holder_info holder = lockfile::who_holds(path);
        std::cout << "[pid " << ::getpid() << "] " << path << " is held by pid "
                  << holder.pid.value_or(0) << " on " << holder.hostname << "\n";
        return 1;
    }
    if (ec) {
        std::cout << "[pid " << ::getpid() << "] error: " << ec.message() << "\n";
        return 2;
    }
    std::cout << "[pid " << ::getpid() << "] took " << path << "\n";
    return 0;
}

// Runs this program again as the second process; returns its exit status.
int run_contender(const char* self, const std::string& path)
{
    char* const argv[] = {const_cast<char*>(self), const_cast<char*>("--contend"),
                          const_cast<char*>(path.c_str()), nullptr};
    pid_t pid = 0;
    if (::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv, environ) != 0)
        return -1;
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 3 && std::string(argv[1]) == "--contend")
        return contend(argv[2]);
    const std::string path = argc > 1 ? argv[1] : "demo.lock";
    std::cout.setf(std::ios::unitbuf); // keep the two processes' lines in order

    try {
        lockfile::lock_file lock(path, "{pid};{hostname}");
        std::cout << "[pid " << ::getpid() << "] holds " << path << "\n";
        const int refused = run_contender(argv[0], path);

        lock.close();
        std::cout << "[pid " << ::getpid() << "] released " << path << "\n";
        const int granted = run_contender(argv[0], path);
        return refused == 1 && granted == 0 ? 0 : 1;
    } catch (const lockfile::lock_error& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }
}
