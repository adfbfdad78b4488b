#include "commands.hpp"
#include "take_lock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <iostream>
#include <thread>

extern char** environ;

namespace lockfilectl {

namespace {

namespace asio = boost::asio;

int exit_status_of(int status)
{
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

// Every signal blocked in this thread while it lives (threads created
// meanwhile inherit the mask).
class signal_mask {
public:
    signal_mask()
    {
        sigset_t all;
        ::sigfillset(&all);
        ::pthread_sigmask(SIG_SETMASK, &all, &previous_);
    }
    ~signal_mask() { ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
    signal_mask(const signal_mask&) = delete;
    signal_mask& operator=(const signal_mask&) = delete;

private:
    sigset_t previous_;
};

} // namespace

int run_command(const options& options)
{
    taken_lock taken = take_lock(options);
    if (!taken.lock.owns_lock())
        return taken.exit_status;

    asio::io_context io;
    // Before the child exists, so that no signal for it is missed.
    asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);

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

    std::function<void()> next_signal = [&] {
        signals.async_wait([&](boost::system::error_code ec, int number) {
            if (ec)
                return;
            ::kill(child, number); // forwarded: the child is not reaped yet
            next_signal();
        });
    };
    next_signal();
    // The command's end is awaited by a thread of its own, blocked in
    // waitid() without reaping it: the child's pid cannot be reused before
    // this function reaps it, after the last forwarded signal. (SIGCHLD
    // would be a signal like the others, and one was seen lost under TSan,
    // which defers signals.)
    std::thread watcher;
    {
        const signal_mask all_blocked; // inherited: signals go to the io_context's thread
        watcher = std::thread([&] {
            siginfo_t ended{};
            while (::waitid(P_PID, static_cast<id_t>(child), &ended, WEXITED | WNOWAIT) != 0 &&
                   errno == EINTR) {}
            asio::post(io, [&] { signals.cancel(); });
        });
    }
    io.run();
    watcher.join();
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    return exit_status_of(status); // the lock is released on the way out
}

} // namespace lockfilectl
