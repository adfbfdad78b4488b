// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfile::etcd's public API against a real etcd: acquire, try, timeout,
// release, the lost-lock signal, and bad input, with nothing left behind in
// the name's queue.
#define BOOST_TEST_MODULE etcd_lock
#include <boost/test/unit_test.hpp>

#include <lockfile/etcd/lock.hpp>
#include <lockfile/etcd/query.hpp>

#include "support/etcd_parts.hpp"

#include <boost/asio/bind_executor.hpp>
#if defined(LOCKFILE_ASIO_HAS_CANCELLATION_SLOTS)
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#endif
#include <boost/system/system_error.hpp>

#include <sys/stat.h>

#include <atomic>
#include <optional>
#include <thread>
#include <utility>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using json = nlohmann::json;
using lockfile_test::run_until;

namespace {

struct acquired {
    boost::system::error_code ec;
    lockfile::etcd::lock lock;
};

// Starts an acquisition whose outcome lands in `into`.
void start_acquiring(lockfile::etcd::client& etcd, const std::string& name,
                     std::optional<acquired>& into, lockfile::etcd::acquire_options options = {})
{
    lockfile::etcd::async_acquire(etcd, name, options,
                                  [&into](boost::system::error_code ec, lockfile::etcd::lock lock) {
                                      into = acquired{ec, std::move(lock)};
                                  });
}

acquired acquire(asio::io_context& io, lockfile::etcd::client& etcd, const std::string& name,
                 lockfile::etcd::acquire_options options = {})
{
    std::optional<acquired> result;
    start_acquiring(etcd, name, result, options);
    run_until(
        io, [&] { return result.has_value(); }, 20s);
    BOOST_REQUIRE(result.has_value());
    return std::move(*result);
}

lockfile::etcd::client client_of(asio::io_context& io, const lockfile_test::etcd_cluster& cluster)
{
    return lockfile::etcd::client(io.get_executor(), {{cluster.endpoint_list()}, 2s});
}

} // namespace

BOOST_AUTO_TEST_CASE(acquire_try_and_release, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster cluster;
    asio::io_context io;
    auto etcd = client_of(io, cluster);
    acquired first = acquire(io, etcd, "job");
    BOOST_TEST(!first.ec, first.lock.failure());
    BOOST_TEST(first.lock.owns_lock());
    BOOST_TEST(first.lock.fencing_token() > 0);
    BOOST_TEST(first.lock.key().rfind("job/", 0) == 0);
    const auto queue = lockfile_test::etcd_queue(cluster, "job");
    BOOST_REQUIRE(queue.size() == 1u);
    BOOST_TEST(queue[0]["create_revision"] == std::to_string(first.lock.fencing_token()));
    BOOST_TEST(*lockfile::etcd::detail::base64_decode(queue[0]["value"].get<std::string>()) ==
               " " + std::to_string(lockfile_test::process_id()) + ";" +
                   lockfile_test::host_name() + "\n");

    lockfile::etcd::acquire_options once;
    once.try_once = true;
    acquired second = acquire(io, etcd, "job", once);
    BOOST_TEST(second.ec == lockfile::error::already_locked);
    BOOST_TEST(!second.lock.owns_lock());
    run_until(
        io, [&] { return lockfile_test::etcd_queue(cluster, "job").size() == 1; }, 5s);
    BOOST_TEST(lockfile_test::etcd_queue(cluster, "job").size() ==
               1u); // nothing of the refused one

    std::optional<boost::system::error_code> released;
    first.lock.async_release([&](boost::system::error_code ec) { released = ec; });
    run_until(
        io, [&] { return released.has_value(); }, 10s);
    BOOST_REQUIRE(released.has_value());
    BOOST_TEST(!*released);
    BOOST_TEST(!first.lock.owns_lock());
    BOOST_TEST(lockfile_test::etcd_queue(cluster, "job").empty());
    acquired third = acquire(io, etcd, "job", once);
    BOOST_TEST(!third.ec);
    BOOST_TEST(third.lock.fencing_token() > first.lock.fencing_token());
}

BOOST_AUTO_TEST_CASE(a_timeout_leaves_nothing_in_the_queue, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster cluster;
    asio::io_context io;
    auto etcd = client_of(io, cluster);
    acquired holder = acquire(io, etcd, "job");
    BOOST_REQUIRE(!holder.ec);
    lockfile::etcd::acquire_options brief;
    brief.timeout = 300ms;
    acquired waiter = acquire(io, etcd, "job", brief);
    BOOST_TEST(waiter.ec == lockfile::error::timed_out);
    run_until(
        io, [&] { return lockfile_test::etcd_queue(cluster, "job").size() == 1; }, 5s);
    BOOST_TEST(lockfile_test::etcd_queue(cluster, "job").size() == 1u);
}

// The lease revoked by someone else: the lost signal completes, and the lock
// says it is no longer held.
BOOST_AUTO_TEST_CASE(the_lost_signal, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster cluster;
    asio::io_context io;
    auto etcd = client_of(io, cluster);
    lockfile::etcd::acquire_options options;
    options.ttl = 3s;
    acquired held = acquire(io, etcd, "job", options);
    BOOST_REQUIRE(!held.ec);
    std::optional<boost::system::error_code> lost;
    held.lock.async_wait_lost([&](boost::system::error_code ec) { lost = ec; });
    lockfile_test::revoke_lease_of(cluster, held.lock.key());
    run_until(
        io, [&] { return lost.has_value(); }, 10s);
    BOOST_REQUIRE(lost.has_value());
    BOOST_TEST(*lost == lockfile::etcd::error::lease_lost);
    BOOST_TEST(!held.lock.owns_lock());
}

// The key deleted by someone else (etcdctl del): the lock is gone with it.
BOOST_AUTO_TEST_CASE(a_deleted_key_is_a_lost_lock, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster cluster;
    asio::io_context io;
    auto etcd = client_of(io, cluster);
    acquired held = acquire(io, etcd, "job");
    BOOST_REQUIRE(!held.ec);
    std::optional<boost::system::error_code> lost;
    held.lock.async_wait_lost([&](boost::system::error_code ec) { lost = ec; });
    lockfile_test::etcd_request(
        cluster.endpoints().front(), "/v3/kv/deleterange",
        json{{"key", lockfile::etcd::detail::base64_encode(held.lock.key())}}.dump());
    run_until(
        io, [&] { return lost.has_value(); }, 10s);
    BOOST_REQUIRE(lost.has_value());
    BOOST_TEST(*lost == lockfile::etcd::error::lease_lost);
    BOOST_TEST(!held.lock.owns_lock());
    BOOST_TEST(held.lock.failure().find("deleted") != std::string::npos, held.lock.failure());
}

// A holder that waited while etcd compacted its history past the key's
// creation: its watch of its own key, which starts there, is cancelled by
// etcd at once; it looks again and watches from now, so a deletion is still
// a loss.
BOOST_AUTO_TEST_CASE(a_deleted_key_is_a_lost_lock_after_a_compaction,
                     *boost::unit_test::timeout(60))
{
    using lockfile::etcd::detail::base64_encode;
    lockfile_test::etcd_cluster cluster;
    asio::io_context io;
    auto holding = client_of(io, cluster);
    auto waiting = client_of(io, cluster);
    acquired holder = acquire(io, holding, "job");
    BOOST_REQUIRE(!holder.ec);
    std::optional<acquired> waiter;
    start_acquiring(waiting, "job", waiter);
    run_until(
        io, [&] { return lockfile_test::etcd_queue(cluster, "job").size() == 2; }, 10s);
    // Two revisions after the waiter's key: the compaction then covers the
    // revision after it, where its watch would start.
    json put;
    for (int i = 0; i < 2; ++i)
        put = json::parse(lockfile_test::etcd_request(
            cluster.endpoints().front(), "/v3/kv/put",
            json{{"key", base64_encode("other")}, {"value", base64_encode("x")}}.dump()));
    lockfile_test::etcd_request(
        cluster.endpoints().front(), "/v3/kv/compaction",
        json{{"revision", put["header"]["revision"]}, {"physical", true}}.dump());

    std::optional<boost::system::error_code> released;
    holder.lock.async_release([&](boost::system::error_code ec) { released = ec; });
    run_until(
        io, [&] { return waiter.has_value() && released.has_value(); }, 10s);
    BOOST_REQUIRE(waiter.has_value());
    BOOST_REQUIRE(!waiter->ec);
    BOOST_TEST(waiter->lock.fencing_token() + 1 <
               std::stoll(put["header"]["revision"].get<std::string>())); // compacted past
    std::optional<boost::system::error_code> lost;
    waiter->lock.async_wait_lost([&](boost::system::error_code ec) { lost = ec; });
    // Whenever it comes, the deletion is seen: before the look, the look
    // finds no key; after it, the new watch starts at the revision it read.
    lockfile_test::etcd_request(
        cluster.endpoints().front(), "/v3/kv/deleterange",
        json{{"key", base64_encode(waiter->lock.key())}}.dump());
    run_until(
        io, [&] { return lost.has_value(); }, 10s);
    BOOST_REQUIRE(lost.has_value());
    BOOST_TEST(*lost == lockfile::etcd::error::lease_lost);
    BOOST_TEST(!waiter->lock.owns_lock());
}

// Releasing is no loss: the wait completes with operation_aborted.
BOOST_AUTO_TEST_CASE(a_release_is_not_a_loss, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster cluster;
    asio::io_context io;
    auto etcd = client_of(io, cluster);
    acquired held = acquire(io, etcd, "job");
    BOOST_REQUIRE(!held.ec);
    std::optional<boost::system::error_code> lost, released;
    held.lock.async_wait_lost([&](boost::system::error_code ec) { lost = ec; });
    held.lock.async_release([&](boost::system::error_code ec) { released = ec; });
    run_until(
        io, [&] { return lost.has_value() && released.has_value(); }, 10s);
    BOOST_REQUIRE(lost.has_value() && released.has_value());
    BOOST_TEST(!*released);
    BOOST_TEST(*lost == boost::asio::error::operation_aborted);
}

// Waiters that give up leave the queue: the client's cancel() stops its
// own waiters only; a cancellation signal (Boost 1.77 and later) stops its
// operation only. The holder holds on.
BOOST_AUTO_TEST_CASE(cancelled_waiters_leave_the_queue, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster cluster;
    asio::io_context io;
    auto holding = client_of(io, cluster);
    auto waiting = client_of(io, cluster);
    acquired holder = acquire(io, holding, "job");
    BOOST_REQUIRE(!holder.ec);
    std::optional<boost::system::error_code> first;
    const auto record = [](std::optional<boost::system::error_code>& into) {
        return [&into](boost::system::error_code ec, lockfile::etcd::lock) { into = ec; };
    };
    lockfile::etcd::async_acquire(waiting, "job", {}, record(first));
#if defined(LOCKFILE_ASIO_HAS_CANCELLATION_SLOTS)
    asio::cancellation_signal signal;
    std::optional<boost::system::error_code> second;
    lockfile::etcd::async_acquire(holding, "job", {},
                                  asio::bind_cancellation_slot(signal.slot(), record(second)));
    run_until(
        io, [&] { return lockfile_test::etcd_queue(cluster, "job").size() == 3; }, 10s);
    BOOST_REQUIRE(lockfile_test::etcd_queue(cluster, "job").size() == 3u);
    signal.emit(asio::cancellation_type::terminal);
    run_until(
        io, [&] { return second.has_value(); }, 10s);
    BOOST_TEST(
        (second == std::optional<boost::system::error_code>(asio::error::operation_aborted)));
    BOOST_TEST(!first.has_value());
#endif
    run_until(
        io, [&] { return lockfile_test::etcd_queue(cluster, "job").size() == 2; }, 10s);
    BOOST_REQUIRE(lockfile_test::etcd_queue(cluster, "job").size() == 2u);
    waiting.cancel();
    run_until(
        io, [&] { return first.has_value(); }, 10s);
    BOOST_TEST((first == std::optional<boost::system::error_code>(asio::error::operation_aborted)));
    run_until(
        io, [&] { return lockfile_test::etcd_queue(cluster, "job").size() == 1; }, 10s);
    const auto queue = lockfile_test::etcd_queue(cluster, "job");
    BOOST_REQUIRE(queue.size() == 1u);
    BOOST_TEST(queue[0]["create_revision"] == std::to_string(holder.lock.fencing_token()));
    BOOST_TEST(holder.lock.owns_lock());
}

// etcd's lock service (/v3/lock/lock, /v3/lock/unlock) takes the same keys
// in the same queue: it excludes us, we exclude it, and each gets the lock
// when the other lets go.
BOOST_AUTO_TEST_CASE(etcds_lock_service_shares_the_queue, *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster cluster;
    asio::io_context io;
    auto etcd = client_of(io, cluster);
    using lockfile::etcd::detail::base64_encode;
    const auto service_lock = [&] {
        const json lease = json::parse(lockfile_test::etcd_request(
            cluster.endpoints().front(), "/v3/lease/grant", json{{"TTL", "10"}}.dump()));
        return json::parse(lockfile_test::etcd_request(
            cluster.endpoints().front(), "/v3/lock/lock",
            json{{"name", base64_encode("job")}, {"lease", lease["ID"]}}.dump()));
    };
    const json by_service = service_lock();
    lockfile::etcd::acquire_options once;
    once.try_once = true;
    BOOST_TEST(acquire(io, etcd, "job", once).ec == lockfile::error::already_locked);
    std::optional<acquired> ours;
    start_acquiring(etcd, "job", ours);
    run_until(
        io, [&] { return lockfile_test::etcd_queue(cluster, "job").size() == 2; }, 10s);
    BOOST_REQUIRE(!ours.has_value());
    lockfile_test::etcd_request(cluster.endpoints().front(), "/v3/lock/unlock",
                                json{{"key", by_service["key"]}}.dump());
    run_until(
        io, [&] { return ours.has_value(); }, 10s);
    BOOST_REQUIRE(ours.has_value() && !ours->ec);

    std::atomic<bool> service_holds{false};
    std::thread service([&] {
        service_lock(); // returns once it holds
        service_holds = true;
    });
    run_until(
        io, [&] { return lockfile_test::etcd_queue(cluster, "job").size() == 2; }, 10s);
    BOOST_TEST(!service_holds);
    std::optional<boost::system::error_code> released;
    ours->lock.async_release([&](boost::system::error_code ec) { released = ec; });
    run_until(
        io, [&] { return released.has_value(); }, 10s);
    service.join();
    BOOST_TEST(service_holds);
    const auto queue = lockfile_test::etcd_queue(cluster, "job");
    BOOST_REQUIRE(queue.size() == 1u);
    BOOST_TEST(std::stoll(queue[0]["create_revision"].get<std::string>()) >
               ours->lock.fencing_token());
}

// async_query_lock: free, held by etcdctl (no content), held by us (our
// pid and host), the queue's length, the holder's token.
// Cancelled while its lease is being granted: the lease, granted after the
// cancellation, is revoked, and nothing keeps the io_context running.
BOOST_AUTO_TEST_CASE(a_cancel_before_the_lease_is_granted_leaves_no_lease,
                     *boost::unit_test::timeout(60))
{
    lockfile_test::etcd_cluster cluster;
    asio::io_context io;
    auto etcd = client_of(io, cluster);
    std::optional<boost::system::error_code> result;
    lockfile::etcd::async_acquire(
        etcd, "job", {}, [&](boost::system::error_code ec, lockfile::etcd::lock) { result = ec; });
    etcd.cancel();
    io.run_for(10s);
    BOOST_TEST(io.stopped()); // out of work: no lease kept alive
    BOOST_TEST(
        (result == std::optional<boost::system::error_code>(asio::error::operation_aborted)));
    const json leases = json::parse(
        lockfile_test::etcd_request(cluster.endpoints().front(), "/v3/lease/leases", "{}"));
    BOOST_TEST(leases.value("leases", json::array()).empty(), leases.dump());
}

BOOST_AUTO_TEST_CASE(the_query_names_the_holder_and_the_queue, *boost::unit_test::timeout(90))
{
    lockfile_test::etcd_cluster cluster;
    asio::io_context io;
    auto etcd = client_of(io, cluster);
    const auto query = [&](const std::string& name) {
        std::optional<std::pair<boost::system::error_code, lockfile::etcd::name_status>> answer;
        lockfile::etcd::async_query_lock(
            etcd, name, [&](boost::system::error_code ec, lockfile::etcd::name_status status) {
                answer.emplace(ec, std::move(status));
            });
        run_until(
            io, [&] { return answer.has_value(); }, 10s);
        BOOST_REQUIRE(answer.has_value());
        BOOST_TEST(!answer->first, answer->second.failure);
        return answer->second;
    };
    const auto free = query("job");
    BOOST_TEST(!free.locked);
    BOOST_TEST(free.queue_length == 0u);
    BOOST_TEST(free.key.empty());

    lockfile_test::temp_dir dir;
    const auto release = dir.path / "release";
    BOOST_REQUIRE(::mkfifo(release.c_str(), 0600) == 0);
    auto etcdctl =
        lockfile_test::etcdctl_lock(cluster, "job", "echo locked; cat '" + release.string() + "'");
    BOOST_REQUIRE(etcdctl.read_line() == "locked");
    std::optional<acquired> ours;
    start_acquiring(etcd, "job", ours);
    run_until(
        io, [&] { return lockfile_test::etcd_queue(cluster, "job").size() == 2; }, 10s);
    const auto by_etcdctl = query("job");
    const auto queue = lockfile_test::etcd_queue(cluster, "job");
    BOOST_REQUIRE(queue.size() == 2u);
    BOOST_TEST(by_etcdctl.locked);
    BOOST_TEST(by_etcdctl.queue_length == 2u);
    BOOST_TEST(by_etcdctl.holder.content.empty());
    BOOST_TEST(by_etcdctl.key == lockfile_test::key_of(queue[0]));
    BOOST_TEST(std::to_string(by_etcdctl.fencing_token) == queue[0]["create_revision"]);

    lockfile_test::write_file(release, ""); // etcdctl's command ends: it unlocks
    BOOST_TEST(etcdctl.wait() == 0);
    run_until(
        io, [&] { return ours.has_value(); }, 10s);
    BOOST_REQUIRE(ours.has_value() && !ours->ec);
    const auto by_us = query("job");
    BOOST_TEST(by_us.locked);
    BOOST_TEST(by_us.queue_length == 1u);
    BOOST_TEST(by_us.key == ours->lock.key());
    BOOST_TEST(by_us.fencing_token == ours->lock.fencing_token());
    BOOST_TEST((by_us.holder.pid == std::optional<long>(lockfile_test::process_id())));
    BOOST_TEST(by_us.holder.hostname == lockfile_test::host_name());

    std::optional<boost::system::error_code> refused;
    lockfile::etcd::async_query_lock(
        etcd, "", [&](boost::system::error_code ec, lockfile::etcd::name_status) { refused = ec; });
    run_until(
        io, [&] { return refused.has_value(); }, 10s);
    BOOST_TEST(
        (refused == std::optional<boost::system::error_code>(lockfile::etcd::error::bad_name)));
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_with_a_reason, *boost::unit_test::timeout(60))
{
    asio::io_context io;
    try {
        lockfile::etcd::client bad(io.get_executor(), {{"http://127.0.0.1:2379,ftp://x"}});
        BOOST_FAIL("no exception");
    } catch (const boost::system::system_error& e) {
        BOOST_TEST(e.code() == lockfile::etcd::error::bad_endpoint);
        BOOST_TEST(std::string(e.what()).find("ftp://x") != std::string::npos, e.what());
    }
    BOOST_CHECK_THROW(lockfile::etcd::client(io.get_executor(), {}), boost::system::system_error);

    // A lock that never held anything has no executor of its own: the
    // handler's says where the refusal goes, and never inside the call.
    lockfile::etcd::lock nothing;
    std::optional<boost::system::error_code> released;
    nothing.async_release(
        asio::bind_executor(io, [&](boost::system::error_code ec) { released = ec; }));
    BOOST_TEST(!released.has_value());
    run_until(
        io, [&] { return released.has_value(); }, 5s);
    BOOST_TEST((released == std::optional<boost::system::error_code>(
                                boost::asio::error::operation_not_supported)));

    lockfile_test::etcd_cluster cluster;
    auto etcd = client_of(io, cluster);
    BOOST_TEST(acquire(io, etcd, "").ec == lockfile::etcd::error::bad_name);
    BOOST_TEST(acquire(io, etcd, std::string(2000, 'x')).ec == lockfile::etcd::error::bad_name);
    lockfile::etcd::acquire_options bad_template;
    bad_template.content_template = "{user}";
    BOOST_TEST(acquire(io, etcd, "job", bad_template).ec == lockfile::error::bad_template);
    BOOST_TEST(lockfile_test::etcd_queue(cluster, "job").empty());
}
