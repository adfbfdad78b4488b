#include "test_env.hpp"

#include <boost/filesystem/operations.hpp>
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <climits>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace lockfile_test {

// The test executables get the programs they run as arguments, in any order
// (b2 sorts them): each is found by its file name.
std::string argument(const char* name)
{
    const auto& suite = boost::unit_test::framework::master_test_suite();
    for (int i = 1; i < suite.argc; ++i)
        if (boost::filesystem::path(suite.argv[i]).filename().string().find(name) !=
            std::string::npos)
            return suite.argv[i];
    throw std::runtime_error(std::string("missing argument: the path of ") + name);
}

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

temp_dir::temp_dir() : temp_dir(boost::filesystem::temp_directory_path()) {}

temp_dir::temp_dir(const boost::filesystem::path& parent)
{
    path = parent / boost::filesystem::unique_path("lockfile-test-%%%%-%%%%-%%%%");
    boost::filesystem::create_directory(path);
    boost::filesystem::permissions(path, boost::filesystem::perms(0755));
}

temp_dir::~temp_dir()
{
    boost::system::error_code ignored;
    boost::filesystem::remove_all(path, ignored);
}

std::vector<std::string> helper(std::vector<std::string> args)
{
    args.insert(args.begin(), argument("lock_helper"));
    return args;
}

child_process hold_elsewhere(const boost::filesystem::path& path, std::vector<std::string> options)
{
    options.insert(options.begin(), "hold");
    options.push_back(path.string());
    child_process holder(helper(std::move(options)));
    BOOST_REQUIRE(holder.read_line() == "locked");
    return holder;
}

std::string fault_shim()
{
    return argument("fault_shim");
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

int open_descriptors(const std::string& prefix)
{
    int count = 0;
    for (const auto& entry : boost::filesystem::directory_iterator("/proc/self/fd")) {
        boost::system::error_code ec;
        const auto target = boost::filesystem::read_symlink(entry.path(), ec);
        if (!ec && target.string().rfind(prefix, 0) == 0)
            ++count;
    }
    return count - (prefix.empty() ? 1 : 0); // the directory_iterator's own
}

int inotify_watches()
{
    int most = 0; // every descriptor of the one instance shows the same watches
    for (const auto& entry : boost::filesystem::directory_iterator("/proc/self/fd")) {
        boost::system::error_code ec;
        if (boost::filesystem::read_symlink(entry.path(), ec).string() != "anon_inode:inotify")
            continue;
        std::ifstream info("/proc/self/fdinfo/" + entry.path().filename().string());
        int watches = 0;
        for (std::string line; std::getline(info, line);)
            watches += line.rfind("inotify wd:", 0) == 0 ? 1 : 0;
        most = std::max(most, watches);
    }
    return most;
}

std::string host_name()
{
    char name[HOST_NAME_MAX + 1] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
}

std::string read_file(const boost::filesystem::path& path)
{
    std::ifstream in(path.string(), std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const boost::filesystem::path& path, const std::string& content)
{
    std::ofstream out(path.string(), std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush())
        throw std::runtime_error("cannot write " + path.string());
}

} // namespace lockfile_test
