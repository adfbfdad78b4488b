// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// etcd's lock recipe (lib/etcd/mutex.hpp) against a real etcd and against
// `etcdctl lock` itself: one queue, exclusion both ways, the key and value
// where etcd's own tools look, fencing tokens that increase.
#define BOOST_TEST_MODULE etcd_mutex
#include <boost/test/unit_test.hpp>

#include "../lib/etcd/mutex.hpp"

#include <lockfile/error.hpp>
#include <lockfile/etcd/error.hpp>

#include "support/etcd_parts.hpp"

#include <boost/filesystem/operations.hpp>

#include <sys/stat.h>

#include <optional>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using lockfile::etcd::detail::base64_encode;
using lockfile::etcd::detail::mutex;
using lockfile_test::kept_lease;
using lockfile_test::run_until;
using json = nlohmann::json;

namespace {

struct outcome {
    boost::system::error_code ec;
    std::string failure;
};

// The keys under NAME/, oldest first.
std::vector<std::string> queue_of(const lockfile_test::etcd_cluster& etcd, const std::string& name)
{
    std::vector<std::string> keys;
    for (const json& kv : lockfile_test::etcd_queue(etcd, name))
        keys.push_back(lockfile_test::key_of(kv));
    return keys;
}

std::optional<outcome> lock(asio::io_context& io, const std::shared_ptr<mutex>& m, bool try_once)
{
    std::optional<outcome> result;
    m->lock(try_once, [&](boost::system::error_code ec, const std::string& failure) {
        result = outcome{ec, failure};
    });
    run_until(
        io, [&] { return result.has_value(); }, 10s);
    return result;
}

std::shared_ptr<mutex> mutex_on(const kept_lease& lease, const std::string& name)
{
    return std::make_shared<mutex>(lease.requests, name, lease.held->id(), " 42;host");
}

} // namespace

BOOST_AUTO_TEST_CASE(the_key_and_value_are_the_recipes, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster etcd;
    asio::io_context io;
    kept_lease lease(io, etcd, 10s);
    const auto m = mutex_on(lease, "job");
    const auto locked = lock(io, m, false);
    BOOST_REQUIRE(locked.has_value());
    BOOST_TEST(!locked->ec, locked->failure);
    const std::string key = "job/" + lockfile::etcd::detail::hex_lease_id(lease.held->id());
    BOOST_TEST(m->key() == key);
    BOOST_TEST((queue_of(etcd, "job") == std::vector<std::string>{key}));
    const json kv = json::parse(
        lockfile_test::etcd_request(etcd.endpoints().front(), "/v3/kv/range",
                                    json{{"key", base64_encode(key)}}.dump()))["kvs"][0];
    BOOST_TEST(kv["create_revision"] == std::to_string(m->fencing_token()));
    BOOST_TEST(kv["value"] == base64_encode(" 42;host"));
    BOOST_TEST(kv["lease"] == lease.held->id());

    std::optional<outcome> unlocked;
    m->unlock([&](boost::system::error_code ec, const std::string& f) {
        unlocked = outcome{ec, f};
    });
    run_until(
        io, [&] { return unlocked.has_value(); }, 10s);
    BOOST_REQUIRE(unlocked.has_value());
    BOOST_TEST(!unlocked->ec);
    BOOST_TEST(queue_of(etcd, "job").empty());
}

// etcdctl holds: we are refused (try) or wait (lock), and get it once it
// lets go; nothing of ours is left in the queue after a refusal.
BOOST_AUTO_TEST_CASE(etcdctl_lock_excludes_us, *boost::unit_test::timeout(90))
{
    lockfile_test::etcd_cluster etcd;
    // etcdctl gives its command no standard input: it holds until a writer
    // of the FIFO closes it.
    lockfile_test::temp_dir dir;
    const auto release = dir.path / "release";
    BOOST_REQUIRE(::mkfifo(release.c_str(), 0600) == 0);
    auto holder =
        lockfile_test::etcdctl_lock(etcd, "job", "echo locked; cat '" + release.string() + "'");
    BOOST_REQUIRE(holder.read_line() == "locked");
    asio::io_context io;
    kept_lease lease(io, etcd, 10s);
    const auto tried = lock(io, mutex_on(lease, "job"), true);
    BOOST_REQUIRE(tried.has_value());
    BOOST_TEST(tried->ec == lockfile::error::already_locked);
    BOOST_TEST(queue_of(etcd, "job").size() == 1u); // etcdctl's key alone

    const auto m = mutex_on(lease, "job");
    std::optional<outcome> locked;
    m->lock(false, [&](boost::system::error_code ec, const std::string& f) {
        locked = outcome{ec, f};
    });
    run_until(
        io, [&] { return locked.has_value() || queue_of(etcd, "job").size() == 2; }, 10s);
    BOOST_REQUIRE(!locked.has_value());     // queued behind etcdctl, not holding
    lockfile_test::write_file(release, ""); // etcdctl's command ends: it unlocks
    BOOST_TEST(holder.wait() == 0);
    run_until(
        io, [&] { return locked.has_value(); }, 10s);
    BOOST_REQUIRE(locked.has_value());
    BOOST_TEST(!locked->ec, locked->failure);
    BOOST_TEST(queue_of(etcd, "job").front() == m->key());
}

// We hold: etcdctl queues behind us and runs its command only after we
// unlock.
BOOST_AUTO_TEST_CASE(we_exclude_etcdctl_lock, *boost::unit_test::timeout(90))
{
    lockfile_test::etcd_cluster etcd;
    lockfile_test::temp_dir dir;
    asio::io_context io;
    kept_lease lease(io, etcd, 10s);
    const auto m = mutex_on(lease, "job");
    BOOST_REQUIRE(!lock(io, m, false)->ec);
    const auto marker = dir.path / "ran";
    auto waiter =
        lockfile_test::etcdctl_lock(etcd, "job", "touch '" + marker.string() + "'; echo ran");
    run_until(
        io, [&] { return queue_of(etcd, "job").size() == 2; }, 10s);
    BOOST_REQUIRE(queue_of(etcd, "job").size() == 2u); // etcdctl waits in the queue
    BOOST_TEST(!boost::filesystem::exists(marker));

    std::optional<outcome> unlocked;
    m->unlock([&](boost::system::error_code ec, const std::string& f) {
        unlocked = outcome{ec, f};
    });
    run_until(
        io, [&] { return unlocked.has_value(); }, 10s);
    BOOST_REQUIRE(unlocked.has_value() && !unlocked->ec);
    BOOST_TEST(waiter.read_line() == "ran");
    BOOST_TEST(waiter.wait() == 0);
}

// Waiters W1 and W2 queue behind a holder; W1's key is deleted (its lease
// expired, or an operator deleted it): W1 learns it at once, while the
// holder still holds, and W2 moves up behind the holder and gets the lock
// at its release.
BOOST_AUTO_TEST_CASE(a_waiter_whose_key_goes_leaves_the_queue, *boost::unit_test::timeout(90))
{
    lockfile_test::etcd_cluster etcd;
    asio::io_context io;
    kept_lease holder_lease(io, etcd, 10s), first_lease(io, etcd, 10s), second_lease(io, etcd, 10s);
    const auto holder = mutex_on(holder_lease, "job");
    BOOST_REQUIRE(!lock(io, holder, false)->ec);
    std::optional<outcome> first, second;
    const auto w1 = mutex_on(first_lease, "job");
    w1->lock(false, [&](boost::system::error_code ec, const std::string& f) {
        first = outcome{ec, f};
    });
    run_until(
        io, [&] { return queue_of(etcd, "job").size() == 2; }, 10s);
    const auto w2 = mutex_on(second_lease, "job");
    w2->lock(false, [&](boost::system::error_code ec, const std::string& f) {
        second = outcome{ec, f};
    });
    run_until(
        io, [&] { return queue_of(etcd, "job").size() == 3; }, 10s);
    BOOST_REQUIRE(queue_of(etcd, "job").size() == 3u);

    lockfile_test::etcd_request(etcd.endpoints().front(), "/v3/kv/deleterange",
                                json{{"key", base64_encode(w1->key())}}.dump());
    run_until(
        io, [&] { return first.has_value(); }, 10s);
    BOOST_REQUIRE(first.has_value());
    BOOST_TEST(first->ec == lockfile::etcd::error::lease_lost);
    BOOST_TEST(first->failure.find(w1->key()) != std::string::npos, first->failure);
    BOOST_TEST(!second.has_value()); // the holder still holds

    std::optional<outcome> unlocked;
    holder->unlock([&](boost::system::error_code ec, const std::string& f) {
        unlocked = outcome{ec, f};
    });
    run_until(
        io, [&] { return unlocked.has_value() && second.has_value(); }, 10s);
    BOOST_REQUIRE(second.has_value());
    BOOST_TEST(!second->ec, second->failure);
    BOOST_TEST((queue_of(etcd, "job") == std::vector<std::string>{w2->key()}));
}

// Successive holders, ours and etcdctl's alternating: each token is greater
// than the one before.
BOOST_AUTO_TEST_CASE(fencing_tokens_increase_across_holders, *boost::unit_test::timeout(120))
{
    lockfile_test::etcd_cluster etcd;
    asio::io_context io;
    std::int64_t previous = 0;
    for (int round = 0; round < 5; ++round) {
        kept_lease lease(io, etcd, 10s);
        const auto m = mutex_on(lease, "job");
        BOOST_REQUIRE(!lock(io, m, false)->ec);
        BOOST_TEST(m->fencing_token() > previous);
        previous = m->fencing_token();
        std::optional<outcome> unlocked;
        m->unlock([&](boost::system::error_code ec, const std::string& f) {
            unlocked = outcome{ec, f};
        });
        run_until(
            io, [&] { return unlocked.has_value(); }, 10s);
        auto other = lockfile_test::etcdctl_lock(etcd, "job", "echo $ETCD_LOCK_KEY");
        BOOST_TEST(other.read_line().rfind("job/", 0) == 0);
        BOOST_TEST(other.wait() == 0);
    }
}
