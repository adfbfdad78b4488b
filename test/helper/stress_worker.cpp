// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A worker of the stress test: COUNT times, takes the lock, runs the
// critical section, releases it.
//
// usage: stress_worker sync|async ID COUNT LOCK JOURNAL COUNTER
//
// The critical section appends "start ID" to JOURNAL, does a slow
// read-modify-write of the number in COUNTER, and appends "end ID": two
// holders at once would show as overlapping sections or a lost update.

#include <lockfile/async_acquire.hpp>

#include <boost/asio/io_context.hpp>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <string>

namespace {

void append(const std::string& journal, const std::string& line)
{
    const int fd = ::open(journal.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    const std::string text = line + "\n";
    if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        std::cerr << "journal write failed\n";
    ::close(fd);
}

void critical_section(const std::string& id, const std::string& journal,
                      const std::string& counter)
{
    append(journal, "start " + id);
    long value = 0;
    std::ifstream(counter) >> value;
    ::sched_yield(); // let anyone who wrongly holds the lock too run now
    std::ofstream(counter, std::ios::trunc) << value + 1;
    append(journal, "end " + id);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 7) {
        std::cerr << "usage: stress_worker sync|async ID COUNT LOCK JOURNAL COUNTER\n";
        return 2;
    }
    const std::string mode = argv[1], id = argv[2], lock_path = argv[4], journal = argv[5],
                      counter = argv[6];
    const int count = std::stoi(argv[3]);
    boost::asio::io_context io;
    for (int i = 0; i < count; ++i) {
        lockfile::lock_file lock;
        if (mode == "async") {
            lockfile::async_acquire(io, lock_path,
                                    [&](boost::system::error_code ec, lockfile::lock_file taken) {
                                        if (ec)
                                            std::cerr << "async_acquire: " << ec.message() << "\n";
                                        lock = std::move(taken);
                                    });
            io.restart();
            io.run();
        } else {
            boost::system::error_code ec;
            for (lock = lockfile::lock_file(lock_path, ec); ec == lockfile::error::already_locked;
                 lock = lockfile::lock_file(lock_path, ec))
                ::usleep(200); // as a user retrying a lock_file would
        }
        if (!lock.owns_lock())
            return 1;
        critical_section(id, journal, counter);
    }
    return 0;
}
