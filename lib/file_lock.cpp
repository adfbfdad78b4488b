// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// file_lock over simple_lock_file: the locks an object holds (one exclusive,
// or shared ones), under a mutex, so that threads may share the object.
#include <lockfile/file_lock.hpp>

#include "anchored_path.hpp"
#include "blocking_wait.hpp"
#include "cancel_state.hpp"
#include "lock_access.hpp"
#include "registry.hpp"
#include "throw_on_error.hpp"

#include <lockfile/error.hpp>
#include <lockfile/simple_lock_file.hpp>

#include <boost/date_time/posix_time/posix_time.hpp>

#include <mutex>
#include <vector>

namespace lockfile {
namespace detail {

struct file_lock_state {
    explicit file_lock_state(boost::filesystem::path at) : path(std::move(at)) {}
    ~file_lock_state()
    {
        held.clear();
        if (pinned)
            registry::instance().unpin(pinned);
    }

    // One attempt, on the file's descriptor kept open between locks (as
    // Boost's is): no open(2) and close(2) for each lock.
    simple_lock_file try_once(const simple_lock_options& options, boost::system::error_code& ec)
    {
        const std::lock_guard<std::mutex> guard(mutex);
        auto entry = registry::instance().acquire_pinned(path, pinned, options, ec);
        return entry ? lock_access::make_simple_lock_file(std::move(entry), path, options.mode)
                     : simple_lock_file();
    }

    const boost::filesystem::path path;
    mutable std::mutex mutex;
    std::vector<simple_lock_file> held; // all of one mode
    std::shared_ptr<lock_entry> pinned; // the file's descriptor, once it was opened
    // Replaced by cancel(): the waits in progress keep the cancelled one.
    std::shared_ptr<cancel_state> cancel = std::make_shared<cancel_state>();
};

} // namespace detail

namespace {

// Boost reads a ptime as UTC; pos_infin is no deadline.
waiting until_ptime(const boost::posix_time::ptime& abs_time)
{
    if (abs_time.is_pos_infinity())
        return wait_forever();
    if (abs_time.is_special()) // neg_infin, not_a_date_time: already due
        return wait_for(std::chrono::seconds(0));
    const auto left = abs_time - boost::posix_time::microsec_clock::universal_time();
    return wait_for(std::chrono::microseconds(left.total_microseconds()));
}

const boost::filesystem::path no_path;

} // namespace

file_lock::file_lock() noexcept = default;

file_lock::file_lock(path_arg path)
    : state_(std::make_unique<detail::file_lock_state>(detail::anchored(path.get())))
{
}

file_lock::file_lock(file_lock&& other) noexcept = default;

file_lock& file_lock::operator=(file_lock&& other) noexcept
{
    if (this != &other) {
        file_lock gone(std::move(*this));
        state_ = std::move(other.state_);
    }
    return *this;
}

file_lock::~file_lock() = default;

void file_lock::swap(file_lock& other) noexcept
{
    state_.swap(other.state_);
}

bool file_lock::wait_lock(lock_mode mode, const waiting& how, boost::system::error_code& ec)
{
    if (!state_) {
        ec = make_error_code(boost::system::errc::bad_file_descriptor);
        return false;
    }
    std::shared_ptr<detail::cancel_state> cancel;
    {
        const std::lock_guard<std::mutex> guard(state_->mutex);
        cancel = state_->cancel;
    }
    simple_lock_options options;
    options.mode = mode;
#if !defined(_WIN32)
    // The open file description's locks (flock, and OFD fcntl locks on
    // Linux): no other descriptor's close can drop them, the user's own
    // std::ifstream of the file included.
    options.owner = lock_owner::open_file_description;
#endif
    // Outside the mutex: other threads may unlock meanwhile. The registry
    // makes a second exclusive lock of the file wait, whoever asks. A wait
    // that may not wait is one attempt, without the waiting machinery.
    const bool once = how.deadline() && *how.deadline() <= std::chrono::steady_clock::now();
    simple_lock_file lock = once ? state_->try_once(options, ec)
                                 : detail::wait_for_lock(state_->path, options, how, ec, cancel);
    if (ec == error::timed_out || ec == error::already_locked) {
        ec.clear();
        return false;
    }
    if (ec)
        return false;
    const std::lock_guard<std::mutex> guard(state_->mutex);
    state_->held.push_back(std::move(lock));
    return true;
}

bool file_lock::lock_as(lock_mode mode, const waiting& how)
{
    boost::system::error_code ec;
    const bool held = wait_lock(mode, how, ec);
    detail::throw_on_error(ec, path());
    return held;
}

void file_lock::lock()
{
    lock_as(lock_mode::exclusive, wait_forever());
}

bool file_lock::try_lock()
{
    return lock_as(lock_mode::exclusive, wait_for(std::chrono::seconds(0)));
}

bool file_lock::timed_lock(const boost::posix_time::ptime& abs_time)
{
    return lock_as(lock_mode::exclusive, until_ptime(abs_time));
}

void file_lock::lock_sharable()
{
    lock_as(lock_mode::shared, wait_forever());
}

bool file_lock::try_lock_sharable()
{
    return lock_as(lock_mode::shared, wait_for(std::chrono::seconds(0)));
}

bool file_lock::timed_lock_sharable(const boost::posix_time::ptime& abs_time)
{
    return lock_as(lock_mode::shared, until_ptime(abs_time));
}

bool file_lock::lock(boost::system::error_code& ec)
{
    return wait_lock(lock_mode::exclusive, wait_forever(), ec);
}

bool file_lock::try_lock(boost::system::error_code& ec)
{
    return wait_lock(lock_mode::exclusive, wait_for(std::chrono::seconds(0)), ec);
}

bool file_lock::lock_sharable(boost::system::error_code& ec)
{
    return wait_lock(lock_mode::shared, wait_forever(), ec);
}

bool file_lock::try_lock_sharable(boost::system::error_code& ec)
{
    return wait_lock(lock_mode::shared, wait_for(std::chrono::seconds(0)), ec);
}

namespace {

// Releases one lock of `mode` held in `state`, if any.
void release_one(detail::file_lock_state* state, lock_mode mode, boost::system::error_code& ec)
{
    ec.clear();
    if (!state)
        return;
    simple_lock_file released;
    {
        const std::lock_guard<std::mutex> guard(state->mutex);
        if (state->held.empty() || state->held.back().mode() != mode)
            return;
        released = std::move(state->held.back());
        state->held.pop_back();
    }
    released.close(ec); // outside the mutex: the lock passes to a waiter
}

} // namespace

void file_lock::unlock(boost::system::error_code& ec)
{
    release_one(state_.get(), lock_mode::exclusive, ec);
}

void file_lock::unlock_sharable(boost::system::error_code& ec)
{
    release_one(state_.get(), lock_mode::shared, ec);
}

void file_lock::unlock()
{
    boost::system::error_code ec;
    unlock(ec);
    detail::throw_on_error(ec, path(), "unlock");
}

void file_lock::unlock_sharable()
{
    boost::system::error_code ec;
    unlock_sharable(ec);
    detail::throw_on_error(ec, path(), "unlock");
}

void file_lock::cancel() noexcept
{
    if (!state_)
        return;
    std::shared_ptr<detail::cancel_state> cancelled;
    {
        const std::lock_guard<std::mutex> guard(state_->mutex);
        cancelled = std::exchange(state_->cancel, std::make_shared<detail::cancel_state>());
    }
    detail::cancel_all(*cancelled);
}

bool file_lock::owns_lock() const noexcept
{
    if (!state_)
        return false;
    const std::lock_guard<std::mutex> guard(state_->mutex);
    return !state_->held.empty() && state_->held.back().mode() == lock_mode::exclusive;
}

std::size_t file_lock::shared_count() const noexcept
{
    if (!state_)
        return 0;
    const std::lock_guard<std::mutex> guard(state_->mutex);
    return state_->held.empty() || state_->held.back().mode() != lock_mode::shared
               ? 0
               : state_->held.size();
}

const boost::filesystem::path& file_lock::path() const noexcept
{
    return state_ ? state_->path : no_path;
}

} // namespace lockfile
