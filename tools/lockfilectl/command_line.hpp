#ifndef LOCKFILECTL_COMMAND_LINE_HPP_INCLUDED
#define LOCKFILECTL_COMMAND_LINE_HPP_INCLUDED

// lockfilectl's command line: one parser for its three commands.

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lockfilectl {

struct options {
    std::string command; // "run", "status", "hold"
    bool help = false;
    bool version = false;
    bool shared = false;
    bool nonblock = false;
    bool quiet = false;
    bool json = false;
    std::optional<double> wait_seconds;
    std::string content = "{pid};{hostname}";
    int conflict_exit_code = 1;
    std::string path;
    std::vector<std::string> child; // run: COMMAND [ARGS...]
};

// Bad usage: the message, and the command whose usage to show.
struct usage_error : std::runtime_error {
    usage_error(const std::string& message, std::string of_command)
        : std::runtime_error(message), command(std::move(of_command))
    {
    }
    std::string command;
};

// Throws usage_error.
options parse(const std::vector<std::string>& args);

} // namespace lockfilectl

#endif // LOCKFILECTL_COMMAND_LINE_HPP_INCLUDED
