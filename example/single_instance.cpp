// The desktop-app check: run once per user. If another instance holds the
// lock, say who it is and exit.
//
// usage: single_instance [LOCKFILE]   (default: $XDG_RUNTIME_DIR/single_instance.lock)

#include <lockfile.hpp>

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    const char* runtime_dir = std::getenv("XDG_RUNTIME_DIR");
    const std::string path = argc > 1 ? argv[1]
                             : runtime_dir
                                 ? std::string(runtime_dir) + "/single_instance.lock"
                                 : "/tmp/single_instance." + std::to_string(::getuid()) + ".lock";

    boost::system::error_code ec;
    lockfile::lock_file lock(path, "{pid};{hostname}", ec);
    if (ec == lockfile::error::already_locked) {
        const lockfile::holder_info holder = lockfile::who_holds(path, ec);
        std::cout << "already running: pid " << holder.pid.value_or(0) << " on " << holder.hostname
                  << "\n";
        return 1;
    }
    if (ec) {
        std::cerr << "cannot lock " << path << ": " << ec.message() << "\n";
        return 2;
    }
    std::cout << "running as pid " << ::getpid() << "; close standard input to quit" << std::endl;
    for (std::string line; std::getline(std::cin, line);) {}
    return 0;
}
