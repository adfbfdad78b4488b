// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Which lock families a lock file takes (lib/lock_families.hpp): the whole
// decision table, and on Linux the NFS branch end to end, with the
// filesystem type faked at its seam (fstatfs, through the LD_PRELOAD shim).
#define BOOST_TEST_MODULE lock_families
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "../lib/lock_families.hpp"

#include "support/child_process.hpp"
#include "support/test_env.hpp"

#include <ostream>

#if defined(__linux__)
#include <linux/magic.h>
#endif

using lockfile::detail::kernel_family;
using lockfile::detail::lock_families;
namespace filesystem_type = lockfile::detail::filesystem_type;

namespace {

struct decision {
    const char* system;
    kernel_family kernel;
    unsigned long filesystem;
    lock_families expected;
};

std::ostream& operator<<(std::ostream& out, const decision& d)
{
    return out << d.system;
}

const decision table[] = {
    {"Linux ext4", kernel_family::linux_kernel, filesystem_type::ext4,
     lock_families::flock_and_fcntl},
    {"Linux tmpfs", kernel_family::linux_kernel, filesystem_type::tmpfs,
     lock_families::flock_and_fcntl},
    {"Linux FUSE", kernel_family::linux_kernel, filesystem_type::fuse,
     lock_families::flock_and_fcntl},
    {"Linux, filesystem type unknown", kernel_family::linux_kernel, 0,
     lock_families::flock_and_fcntl},
    {"Linux NFS", kernel_family::linux_kernel, filesystem_type::nfs, lock_families::fcntl_only},
    {"Linux CIFS", kernel_family::linux_kernel, filesystem_type::cifs, lock_families::fcntl_only},
    {"Linux SMB2/3", kernel_family::linux_kernel, filesystem_type::smb2, lock_families::fcntl_only},
    {"FreeBSD or macOS, local", kernel_family::bsd_kernel, 0, lock_families::fcntl_only},
    {"FreeBSD or macOS, NFS", kernel_family::bsd_kernel, filesystem_type::nfs,
     lock_families::fcntl_only},
};

// Which filesystems' files are refused as lock files: every pseudo-filesystem
// the library names, and none of the filesystems locks live on.
struct filesystem_kind {
    const char* name;
    unsigned long type;
    bool pseudo;
};

std::ostream& operator<<(std::ostream& out, const filesystem_kind& k)
{
    return out << k.name;
}

const filesystem_kind filesystem_kinds[] = {
    {"proc", filesystem_type::proc, true},
    {"sysfs", filesystem_type::sysfs, true},
    {"debugfs", filesystem_type::debugfs, true},
    {"tracefs", filesystem_type::tracefs, true},
    {"cgroup", filesystem_type::cgroup, true},
    {"cgroup2", filesystem_type::cgroup2, true},
    {"configfs", filesystem_type::configfs, true},
    {"securityfs", filesystem_type::securityfs, true},
    {"bpf", filesystem_type::bpf, true},
    {"efivarfs", filesystem_type::efivarfs, true},
    {"pstore", filesystem_type::pstore, true},
    {"selinuxfs", filesystem_type::selinuxfs, true},
    {"smackfs", filesystem_type::smackfs, true},
    {"fusectl", filesystem_type::fusectl, true},
    {"binfmt_misc", filesystem_type::binfmt_misc, true},
    {"nsfs", filesystem_type::nsfs, true},
    {"devpts", filesystem_type::devpts, true},
    {"mqueue", filesystem_type::mqueue, true},
    {"resctrl", filesystem_type::resctrl, true},
    {"ext4", filesystem_type::ext4, false},
    {"tmpfs", filesystem_type::tmpfs, false},
    {"FUSE", filesystem_type::fuse, false},
    {"NFS", filesystem_type::nfs, false},
    {"CIFS", filesystem_type::cifs, false},
    {"SMB2/3", filesystem_type::smb2, false},
    {"unknown (statfs not asked or failed)", 0, false},
};

#if defined(__linux__)
// The constants the kernel's own header has, checked against it.
static_assert(filesystem_type::proc == PROC_SUPER_MAGIC);
static_assert(filesystem_type::sysfs == SYSFS_MAGIC);
static_assert(filesystem_type::debugfs == DEBUGFS_MAGIC);
static_assert(filesystem_type::tracefs == TRACEFS_MAGIC);
static_assert(filesystem_type::cgroup == CGROUP_SUPER_MAGIC);
static_assert(filesystem_type::cgroup2 == CGROUP2_SUPER_MAGIC);
static_assert(filesystem_type::securityfs == SECURITYFS_MAGIC);
static_assert(filesystem_type::bpf == BPF_FS_MAGIC);
static_assert(filesystem_type::efivarfs == EFIVARFS_MAGIC);
static_assert(filesystem_type::pstore == PSTOREFS_MAGIC);
static_assert(filesystem_type::selinuxfs == SELINUX_MAGIC);
static_assert(filesystem_type::smackfs == SMACK_MAGIC);
static_assert(filesystem_type::binfmt_misc == BINFMTFS_MAGIC);
static_assert(filesystem_type::nsfs == NSFS_MAGIC);
static_assert(filesystem_type::devpts == DEVPTS_SUPER_MAGIC);
static_assert(filesystem_type::resctrl == RDTGROUP_SUPER_MAGIC);
static_assert(filesystem_type::tmpfs == TMPFS_MAGIC);
static_assert(filesystem_type::ext4 == EXT4_SUPER_MAGIC);
static_assert(filesystem_type::nfs == NFS_SUPER_MAGIC);
#endif

// A lock held by the project's helper on a file in /dev/shm (tmpfs: no block
// device, so the library asks fstatfs), under the shim when `as_nfs`.
lockfile_test::child_process hold_on_tmpfs(const boost::filesystem::path& path, bool as_nfs)
{
    std::vector<std::string> environment;
    if (as_nfs)
        environment = lockfile_test::with_fault_shim({"LOCKFILE_SHIM_FILESYSTEM_TYPE=0x6969"});
    lockfile_test::child_process holder(lockfile_test::helper({"hold", path.string()}),
                                        environment);
    BOOST_REQUIRE(holder.read_line() == "locked");
    return holder;
}

// Exit status of each family's peers trying the lock (1: refused, 0: got it).
void expect_peers(const boost::filesystem::path& path, int flock_peers, int fcntl_peers)
{
    for (const auto& peer : lockfile_test::flock_family())
        BOOST_TEST(lockfile_test::run(peer.attempt(path.string())) == flock_peers, peer.name);
    for (const auto& peer : lockfile_test::fcntl_family())
        BOOST_TEST(lockfile_test::run(peer.attempt(path.string())) == fcntl_peers, peer.name);
}

} // namespace

BOOST_TEST_DECORATOR(*boost::unit_test::timeout(2))
BOOST_DATA_TEST_CASE(decision_table, boost::unit_test::data::make(table), row)
{
    BOOST_TEST((lockfile::detail::lock_families_for(row.kernel, row.filesystem) == row.expected));
}

BOOST_TEST_DECORATOR(*boost::unit_test::timeout(2))
BOOST_DATA_TEST_CASE(pseudo_filesystems_are_refused, boost::unit_test::data::make(filesystem_kinds),
                     kind)
{
    BOOST_TEST(lockfile::detail::is_pseudo_filesystem(kind.type) == kind.pseudo);
}

BOOST_AUTO_TEST_CASE(local_filesystem_takes_both_families, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir("/dev/shm");
    const auto path = dir.path / "f.lock";
    auto holder = hold_on_tmpfs(path, false);
    expect_peers(path, 1, 1);
}

// On real NFS the flock peers would be refused too (the kernel builds their
// lock on fcntl); on tmpfs posing as NFS they get it, which shows that the
// library took no flock lock, as it must not there.
BOOST_AUTO_TEST_CASE(nfs_takes_the_fcntl_lock_alone, *boost::unit_test::timeout(60))
{
    lockfile_test::temp_dir dir("/dev/shm");
    const auto path = dir.path / "f.lock";
    auto holder = hold_on_tmpfs(path, true);
    expect_peers(path, 0, 1);
    holder.close_stdin();
    BOOST_TEST(holder.wait() == 0);
    expect_peers(path, 0, 0);
}
