// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_ETCD_QUERY_HPP_INCLUDED
#define LOCKFILE_ETCD_QUERY_HPP_INCLUDED

// async_query_lock: whether a lock NAME on etcd is held, by whom, and how
// many wait for it, read without joining its queue.

#include <lockfile/etcd/client.hpp>
#include <lockfile/etcd/detail/post_once.hpp>
#include <lockfile/who_holds.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace lockfile {
namespace etcd {

// NAME's queue as etcd has it at one revision.
struct name_status {
    // Someone holds NAME (this library, `etcdctl lock` or etcd's lock
    // service): the queue is not empty.
    bool locked = false;
    // The holder's key (NAME/<lease id in hex>) and fencing token (its
    // create revision); empty and 0 when free.
    std::string key;
    std::int64_t fencing_token = 0;
    // The holder's value as written, and parsed when it has lock files'
    // form (" PID;HOST\n"). etcdctl writes nothing: content is then empty.
    holder_info holder;
    // Holder and waiters: the keys under NAME/.
    std::size_t queue_length = 0;
    // After an error: which endpoint said what.
    std::string failure;
};

namespace detail {
void start_query(const client& through, const std::string& name,
                 std::function<void(boost::system::error_code, name_status)> done);
}

// One linearizable read of NAME's queue (the oldest key and the count).
// Errors: bad_name, the client's errors (unreachable, http_error,
// bad_answer); failure says which endpoint said what. Completion:
// void(error_code, name_status), on the handler's executor, else the
// client's; never inside the call. Thread-safety: as the client's.
template <class CompletionToken>
auto async_query_lock(client& through, const std::string& name, CompletionToken&& token)
{
    return boost::asio::async_initiate<CompletionToken,
                                       void(boost::system::error_code, name_status)>(
        [&through](auto handler, const std::string& lock_name) {
            detail::start_query(
                through, lock_name,
                detail::post_once<decltype(handler), boost::system::error_code, name_status>(
                    std::move(handler), &through.get_executor()));
        },
        token, name);
}

} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_ETCD_QUERY_HPP_INCLUDED
