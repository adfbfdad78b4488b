// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfile::file_lock as a drop-in for boost::interprocess::file_lock: a
// program written for Boost's type (`program` below, whose only tie to a
// type is its parameter, the alias `file_lock`) passes against both; the
// traps of Boost's type show where this library fixes them; and it
// excludes and is excluded by the peers of both lock families, in both
// modes.
#define BOOST_TEST_MODULE file_lock
#include <boost/test/unit_test.hpp>

#include <lockfile/file_lock.hpp>
#include <lockfile/lock_file.hpp>

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <boost/asio/error.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <boost/filesystem/operations.hpp>
#include <boost/interprocess/sync/file_lock.hpp>
#include <boost/interprocess/sync/scoped_lock.hpp>
#include <boost/interprocess/sync/sharable_lock.hpp>
#include <boost/mpl/list.hpp>

#include <fstream>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <type_traits>

namespace {

namespace ipc = boost::interprocess;
using boost::posix_time::microsec_clock;
using boost::posix_time::milliseconds;

// Another process's attempt: 0 took it (and let go), 1 refused.
int attempt(const std::string& path, bool shared = false)
{
    return lockfile_test::run(shared ? lockfile_test::helper({"try", "--shared", path})
                                     : lockfile_test::helper({"try", path}));
}

// Boost's type needs the file to exist.
std::string lock_file_in(const lockfile_test::temp_dir& dir, const char* name = "f.lock")
{
    const auto path = (dir.path / name).string();
    lockfile_test::write_file(path, "");
    return path;
}

// Boost 1.78 added the standard names (lock_shared...).
template <class L, class = void> struct has_shared_names : std::false_type {
};
template <class L>
struct has_shared_names<L, std::void_t<decltype(std::declval<L&>().lock_shared())>>
    : std::true_type {
};

// A program written for boost::interprocess::file_lock.
template <class file_lock> struct program {
    static void scoped_and_sharable(const std::string& path)
    {
        file_lock lock(path.c_str());
        {
            ipc::scoped_lock<file_lock> guard(lock);
            BOOST_TEST(attempt(path) == 1);
            BOOST_TEST(attempt(path, true) == 1);
        }
        BOOST_TEST(attempt(path) == 0);
        {
            ipc::sharable_lock<file_lock> guard(lock);
            BOOST_TEST(attempt(path, true) == 0); // readers together
            BOOST_TEST(attempt(path) == 1);       // no writer
        }
        BOOST_TEST(attempt(path) == 0);
    }

    static void try_and_timed(const std::string& path)
    {
        file_lock lock(path.c_str());
        {
            auto holder = lockfile_test::hold_elsewhere(path);
            BOOST_TEST(!lock.try_lock());
            BOOST_TEST(!lock.try_lock_sharable());
            BOOST_TEST(!lock.timed_lock(microsec_clock::universal_time() + milliseconds(50)));
            BOOST_TEST(
                !lock.timed_lock_sharable(microsec_clock::universal_time() + milliseconds(50)));
            holder.close_stdin();
            BOOST_TEST(holder.wait() == 0);
        }
        BOOST_TEST(lock.timed_lock(microsec_clock::universal_time() + milliseconds(5000)));
        BOOST_TEST(attempt(path) == 1);
        lock.unlock();
        BOOST_TEST(lock.try_lock_sharable());
        BOOST_TEST(attempt(path, true) == 0);
        lock.unlock_sharable();
        BOOST_TEST(attempt(path) == 0);
    }

    static void standard_guards(const std::string& path, const std::string& other_path)
    {
        file_lock a(path.c_str()), b(other_path.c_str());
        {
            std::unique_lock<file_lock> guard(a);
            BOOST_TEST(attempt(path) == 1);
        }
        {
            std::scoped_lock both(a, b);
            BOOST_TEST(attempt(path) == 1);
            BOOST_TEST(attempt(other_path) == 1);
        }
        if constexpr (has_shared_names<file_lock>::value) {
            std::shared_lock<file_lock> guard(a);
            BOOST_TEST(attempt(path, true) == 0);
            BOOST_TEST(attempt(path) == 1);
        }
        BOOST_TEST(attempt(path) == 0);
        BOOST_TEST(attempt(other_path) == 0);
    }

    static void moved_and_swapped(const std::string& path, const std::string& other_path)
    {
        file_lock a(path.c_str()), b(other_path.c_str());
        a.lock();
        file_lock moved(std::move(a));
        a = file_lock(other_path.c_str());
        moved.swap(a); // a holds path again, moved names other_path
        BOOST_TEST(attempt(path) == 1);
        a.unlock();
        BOOST_TEST(attempt(path) == 0);
    }

    // The traps: each returns whether the program is protected.

    // A second object of the same file in this process is refused.
    static bool second_object_refused(const std::string& path)
    {
        file_lock a(path.c_str()), b(path.c_str());
        a.lock();
        const bool refused = !b.try_lock();
        if (!refused)
            b.unlock();
        a.unlock();
        return refused;
    }

    // Another thread's try_lock on the same object is refused.
    static bool other_thread_refused(const std::string& path)
    {
        file_lock a(path.c_str());
        a.lock();
        bool taken = false;
        std::thread([&] { taken = a.try_lock(); }).join();
        a.unlock();
        return !taken;
    }

    // Reading the file (an std::ifstream opened and closed) keeps the lock:
    // an fcntl-family peer (Boost's type in another process) is refused.
    static bool survives_another_descriptor(const std::string& path)
    {
        file_lock a(path.c_str());
        a.lock();
        {
            std::ifstream reading(path);
        }
        const bool kept = lockfile_test::run(lockfile_test::helper({"try", "--boost", path})) == 1;
        a.unlock();
        return kept;
    }
};

using both_types = boost::mpl::list<lockfile::file_lock, ipc::file_lock>;
template <class T> constexpr bool is_ours = std::is_same_v<T, lockfile::file_lock>;

} // namespace

BOOST_TEST_DECORATOR(*boost::unit_test::timeout(60))
BOOST_AUTO_TEST_CASE_TEMPLATE(scoped_and_sharable_locks, T, both_types)
{
    lockfile_test::temp_dir dir;
    program<T>::scoped_and_sharable(lock_file_in(dir));
}

BOOST_TEST_DECORATOR(*boost::unit_test::timeout(60))
BOOST_AUTO_TEST_CASE_TEMPLATE(try_and_timed_locks, T, both_types)
{
    lockfile_test::temp_dir dir;
    program<T>::try_and_timed(lock_file_in(dir));
}

BOOST_TEST_DECORATOR(*boost::unit_test::timeout(60))
BOOST_AUTO_TEST_CASE_TEMPLATE(standard_guards, T, both_types)
{
    lockfile_test::temp_dir dir;
    program<T>::standard_guards(lock_file_in(dir), lock_file_in(dir, "g.lock"));
}

BOOST_TEST_DECORATOR(*boost::unit_test::timeout(60))
BOOST_AUTO_TEST_CASE_TEMPLATE(move_and_swap, T, both_types)
{
    lockfile_test::temp_dir dir;
    program<T>::moved_and_swapped(lock_file_in(dir), lock_file_in(dir, "g.lock"));
}

// Ours is protected from every trap; Boost's falls into each.
BOOST_TEST_DECORATOR(*boost::unit_test::timeout(60))
BOOST_AUTO_TEST_CASE_TEMPLATE(the_traps_of_boosts_type, T, both_types)
{
    lockfile_test::temp_dir dir;
    const std::string path = lock_file_in(dir);
    BOOST_TEST(program<T>::second_object_refused(path) == is_ours<T>);
    BOOST_TEST(program<T>::other_thread_refused(path) == is_ours<T>);
    BOOST_TEST(program<T>::survives_another_descriptor(path) == is_ours<T>);
}

// Beyond Boost's: the file is created, nothing is written, a lock() from a
// second thread on the same object waits for the unlock, chrono deadlines
// of any clock, and cancel() from another thread.
BOOST_AUTO_TEST_CASE(what_boosts_type_does_not_do, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const auto path = dir.path / "created.lock";
    lockfile::file_lock lock(path);
    BOOST_TEST(!boost::filesystem::exists(path)); // made at the first lock
    lock.lock();
    BOOST_TEST(lockfile_test::read_file(path).empty());
    BOOST_TEST(lock.owns_lock());

    bool second = false;
    std::thread waiter([&] {
        lock.lock(); // waits for the first thread's unlock
        second = true;
        lock.unlock();
    });
    lockfile_test::until_queued(path);
    BOOST_TEST(!second);
    lock.unlock();
    waiter.join();
    BOOST_TEST(second);

    auto holder = lockfile_test::hold_elsewhere(path);
    BOOST_TEST(!lock.try_lock_for(std::chrono::milliseconds(20)));
    BOOST_TEST(
        !lock.try_lock_until(std::chrono::system_clock::now() + std::chrono::milliseconds(20)));
    BOOST_TEST(!lock.try_lock_shared_until(std::chrono::steady_clock::now()));
    bool aborted = false;
    std::thread cancelled([&] {
        boost::system::error_code ec;
        aborted = !lock.lock(ec) && ec == boost::asio::error::operation_aborted;
    });
    lockfile_test::until_queued(path);
    lock.cancel();
    cancelled.join();
    BOOST_TEST(aborted);
    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
}

// Like Boost's, it keeps its file open between locks (no open and close
// for each): one descriptor, which another lock of the file in this process
// shares and does not close; and none once it is destroyed.
BOOST_AUTO_TEST_CASE(keeps_one_descriptor_between_locks, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const std::string path = lock_file_in(dir);
    {
        lockfile::file_lock lock(path);
        BOOST_TEST(lock.try_lock());
        lock.unlock();
        BOOST_TEST(lockfile_test::open_descriptors(path) == 1);
        BOOST_TEST(attempt(path) == 0); // unlocked, though open
        {
            lockfile::lock_file other(path);
            BOOST_TEST(lockfile_test::open_descriptors(path) == 1);
            BOOST_TEST(!lock.try_lock());
        }
        BOOST_TEST(lockfile_test::open_descriptors(path) == 1);
        BOOST_TEST(lock.try_lock_sharable());
        BOOST_TEST(attempt(path, true) == 0);
        BOOST_TEST(attempt(path) == 1);
    }
    BOOST_TEST(lockfile_test::open_descriptors(path) == 0);
    BOOST_TEST(attempt(path) == 0);
}

// The file replaced at its path while unlocked: the next lock is on the
// file the path names now, which is what other processes lock.
BOOST_AUTO_TEST_CASE(follows_a_replaced_file, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir;
    const std::string path = lock_file_in(dir);
    lockfile::file_lock lock(path);
    BOOST_TEST(lock.try_lock());
    lock.unlock();
    const auto replacement = dir.path / "new";
    lockfile_test::write_file(replacement, "");
    boost::filesystem::rename(replacement, path);
    {
        auto holder = lockfile_test::hold_elsewhere(path); // on the new file
        BOOST_TEST(!lock.try_lock());
        holder.close_stdin();
        BOOST_TEST(holder.wait() == 0);
    }
    BOOST_TEST(lock.try_lock());
    BOOST_TEST(attempt(path) == 1);
    BOOST_TEST(lockfile_test::open_descriptors(path) == 1); // the old one closed
}

BOOST_AUTO_TEST_CASE(both_families_both_modes, *boost::unit_test::timeout(120))
{
    auto peers = lockfile_test::flock_family();
    const auto& fcntl = lockfile_test::fcntl_family();
    peers.insert(peers.end(), fcntl.begin(), fcntl.end());
    for (const auto& peer : peers) {
        BOOST_TEST_CONTEXT("peer " << peer.name)
        {
            lockfile_test::temp_dir dir;
            const auto path = lock_file_in(dir);
            lockfile::file_lock lock(path);
            lock.lock();
            BOOST_TEST(lockfile_test::run(peer.attempt(path)) == 1);
            lock.unlock();
            lock.lock_sharable();
            BOOST_TEST(lockfile_test::run(peer.attempt(path)) == 1);
            lock.unlock_sharable();
            BOOST_TEST(lockfile_test::run(peer.attempt(path)) == 0);

            lockfile_test::child_process holder(peer.hold(path));
            BOOST_REQUIRE(holder.read_line() == "locked");
            BOOST_TEST(!lock.try_lock());
            BOOST_TEST(!lock.try_lock_sharable());
            holder.close_stdin();
            BOOST_TEST(holder.wait() == 0);
            BOOST_TEST(lock.try_lock());
        }
    }
}
