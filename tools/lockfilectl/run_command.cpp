#include "commands.hpp"
#include "take_lock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <iostream>

extern char** environ;

namespace lockfilectl {

namespace {

namespace asio = boost::asio;

int exit_status_of(int status)
{
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

} // namespace

int run_command(const options& options)
{
    taken_lock taken = take_lock(options);
    if (!taken.lock.owns_lock())
        return taken.exit_status;

    asio::io_context io;
    // Before the child exists, so that neither its end nor a signal is missed.
    asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
    signals.add(SIGCHLD);

    std::vector<char*> argv;
    for (const auto& arg : options.child)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    // The lock's descriptors are close-on-exec: the command holds nothing.
    pid_t child = 0;
    const int error = ::posix_spawnp(&child, argv[0], nullptr, nullptr, argv.data(), environ);
    if (error != 0) {
        std::cerr << "lockfilectl: cannot run '" << options.child[0] << "': " << std::strerror(error)
                  << "\n";
        return error == ENOENT ? 127 : 126;
    }

    int exit_status = 0;
    std::function<void()> next_signal = [&] {
        signals.async_wait([&](boost::system::error_code ec, int number) {
            if (ec)
                return;
            if (number != SIGCHLD) {
                ::kill(child, number); // forwarded
            } else {
                int status = 0;
                if (::waitpid(child, &status, WNOHANG) == child) {
                    exit_status = exit_status_of(status);
                    return; // the lock is released on the way out
                }
            }
            next_signal();
        });
    };
    next_signal();
    io.run();
    return exit_status;
}

} // namespace lockfilectl
