// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The peers of the interop tests: programs that take the same lock another
// way (POSIX only).

#include "test_env.hpp"

namespace lockfile_test {

namespace {

std::vector<std::string> python_peer(const char* kind, const char* action, const std::string& path)
{
    // Debian's interpreter: the peers are Debian's python3-* packages.
    return {"/usr/bin/python3", argument("python_peer.py"), kind, action, path};
}

template <const char* Kind> std::vector<std::string> python_hold(const std::string& path)
{
    return python_peer(Kind, "hold", path);
}

template <const char* Kind> std::vector<std::string> python_try(const std::string& path)
{
    return python_peer(Kind, "try", path);
}

constexpr char zc[] = "zc";
constexpr char filelock[] = "filelock";
constexpr char portalocker[] = "portalocker";
constexpr char fasteners[] = "fasteners";

std::vector<std::string> flock_hold(const std::string& path)
{
    return {"flock", "-n", path, "-c", "echo locked; exec cat >/dev/null"};
}

std::vector<std::string> flock_try(const std::string& path)
{
    return {"flock", "-n", "-E", "1", path, "true"};
}

std::vector<std::string> boost_hold(const std::string& path)
{
    return helper({"hold", "--boost", path});
}

std::vector<std::string> boost_try(const std::string& path)
{
    return helper({"try", "--boost", path});
}

} // namespace

std::vector<std::string> with_fault_shim(std::vector<std::string> settings)
{
    settings.push_back("LD_PRELOAD=" + argument("fault_shim"));
    settings.push_back("ASAN_OPTIONS=verify_asan_link_order=0");
    return settings;
}

const std::vector<peer>& flock_family()
{
    static const std::vector<peer> peers = {
        {"zc.lockfile", python_hold<zc>, python_try<zc>},
        {"py-filelock", python_hold<filelock>, python_try<filelock>},
        {"portalocker", python_hold<portalocker>, python_try<portalocker>},
        {"flock(1)", flock_hold, flock_try},
    };
    return peers;
}

const std::vector<peer>& fcntl_family()
{
    static const std::vector<peer> peers = {
        {"boost::interprocess::file_lock", boost_hold, boost_try},
        {"fasteners", python_hold<fasteners>, python_try<fasteners>},
    };
    return peers;
}

} // namespace lockfile_test
