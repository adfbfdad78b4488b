// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Threads of one process exclude each other, as processes do.
#define BOOST_TEST_MODULE threads
#include <boost/test/unit_test.hpp>

#include <lockfile/lock_file.hpp>

#include "support/test_env.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

BOOST_AUTO_TEST_CASE(fifty_threads_increment_a_counter_under_the_lock,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const auto lock_path = dir.path / "counter.lock";
    const auto counter_path = dir.path / "counter";
    lockfile_test::write_file(counter_path, "0");

    constexpr int thread_count = 50;
    std::atomic<int> other_errors{0};
    std::atomic<int> inside{0};
    std::atomic<int> overlaps{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&] {
            for (;;) {
                boost::system::error_code ec;
                lockfile::lock_file lock(lock_path, ec);
                if (ec == lockfile::error::already_locked) {
                    std::this_thread::yield();
                    continue;
                }
                if (ec) {
                    ++other_errors;
                    return;
                }
                if (++inside != 1)
                    ++overlaps;
                // A slow read-modify-write: a second holder would lose an update.
                const int value = std::stoi(lockfile_test::read_file(counter_path));
                std::this_thread::yield();
                lockfile_test::write_file(counter_path, std::to_string(value + 1));
                --inside;
                return;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();

    BOOST_TEST(other_errors == 0);
    BOOST_TEST(overlaps == 0);
    BOOST_TEST(lockfile_test::read_file(counter_path) == std::to_string(thread_count));
    BOOST_TEST(lockfile_test::read_file(lock_path) ==
               " " + std::to_string(lockfile_test::process_id()) + "\n");
}
