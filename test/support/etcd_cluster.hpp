// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_TEST_ETCD_CLUSTER_HPP_INCLUDED
#define LOCKFILE_TEST_ETCD_CLUSTER_HPP_INCLUDED

// Real etcd servers for the cross-host suites (Debian's etcd-server): one
// member or three, on a loopback address of their own (127.X.Y.Z), on ports
// the kernel found free, with their data in /dev/shm (the disk is not under
// test). The constructor returns once every member answers /health; the
// destructor stops them with SIGKILL (SIGTERM to several members at once can
// stall for seconds) and removes their data, and a member dies with the test
// process in any case (util-linux's setpriv --pdeathsig). Each member's log is in its
// directory, shown on failure.

#include "child_process.hpp"
#include "test_env.hpp"

#include <lockfile/etcd/error.hpp>

#include <cstddef>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace lockfile_test {

class etcd_cluster {
public:
    // `also_on`: one more address that the members take clients on (with
    // the same ports), such as a veth's that a network namespace reaches.
    explicit etcd_cluster(std::size_t members = 1, const std::string& also_on = "");
    ~etcd_cluster();
    etcd_cluster(const etcd_cluster&) = delete;
    etcd_cluster& operator=(const etcd_cluster&) = delete;

    // "http://127.X.Y.Z:PORT" of each member, in member order.
    const std::vector<std::string>& endpoints() const { return endpoints_; }
    // A member's endpoint on the address given as `also_on`.
    std::string endpoint_on(const std::string& address, std::size_t member = 0) const;
    // The same, comma-separated, as etcdctl and lockfilectl take them.
    std::string endpoint_list() const;

    // SIGKILL to one member, which stays dead.
    void kill(std::size_t member);
    // The endpoint of the first member not killed.
    const std::string& live_endpoint() const;
    // The member that leads, as the members say (/v3/maintenance/status).
    std::size_t leader() const;

private:
    boost::filesystem::path dir_;
    std::vector<std::string> endpoints_;
    std::vector<std::unique_ptr<child_process>> members_;
    std::set<std::size_t> killed_;
};

// One request to an etcd member's JSON gateway (POST with `body`, or GET
// when it is empty) at "http://HOST:PORT"; the answer's body. Throws
// std::runtime_error if there is no answer within 5 s.
std::string etcd_request(const std::string& endpoint, const std::string& target,
                         const std::string& body = "");

} // namespace lockfile_test

namespace lockfile {
namespace etcd {
inline std::ostream& boost_test_print_type(std::ostream& out, error e)
{
    return out << make_error_code(e).message();
}
} // namespace etcd
} // namespace lockfile

#endif // LOCKFILE_TEST_ETCD_CLUSTER_HPP_INCLUDED
