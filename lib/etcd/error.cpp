// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfile::etcd::error's category: its messages.
#include <lockfile/etcd/error.hpp>

#include <string>

namespace lockfile {
namespace etcd {

namespace {

class category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "lockfile.etcd"; }

    std::string message(int value) const override
    {
        switch (static_cast<error>(value)) {
        case error::bad_endpoint:
            return "no etcd endpoint of the form http://HOST:PORT";
        case error::unreachable:
            return "no etcd endpoint answered in time";
        case error::http_error:
            return "etcd refused the request";
        case error::bad_answer:
            return "etcd's answer was not what its gateway sends";
        case error::lease_lost:
            return "the lock's lease is gone (expired, revoked or its key deleted)";
        case error::bad_name:
            return "a lock name must be 1 to 1024 bytes";
        }
        return "unknown lockfile.etcd error";
    }
};

} // namespace

const boost::system::error_category& etcd_category() noexcept
{
    static const category instance;
    return instance;
}

} // namespace etcd
} // namespace lockfile
