#include "command_line.hpp"

#include <cmath>
#include <cstdlib>

namespace lockfilectl {

namespace {

double parse_seconds(const std::string& text, const std::string& command)
{
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(value) || value < 0)
        throw usage_error("bad number of seconds: '" + text + "'", command);
    return value;
}

int parse_exit_code(const std::string& text, const std::string& command)
{
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || value < 0 || value > 255)
        throw usage_error("bad exit code: '" + text + "' (0 to 255)", command);
    return static_cast<int>(value);
}

// Which options each command takes.
bool takes(const std::string& command, const std::string& option)
{
    if (option == "--json")
        return command == "status";
    if (option == "--nonblock" || option == "--wait" || option == "--conflict-exit-code" ||
        option == "--quiet" || option == "--shared" || option == "--content")
        return command == "run" || command == "hold";
    return false;
}

const char* long_name(const std::string& option)
{
    if (option == "-s")
        return "--shared";
    if (option == "-n")
        return "--nonblock";
    if (option == "-w")
        return "--wait";
    if (option == "-E")
        return "--conflict-exit-code";
    if (option == "-q")
        return "--quiet";
    return nullptr;
}

} // namespace

options parse(const std::vector<std::string>& args)
{
    options result;
    if (args.empty())
        throw usage_error("no command", "");
    result.command = args[0];
    if (result.command == "--help" || result.command == "-h") {
        result.command.clear();
        result.help = true;
        return result;
    }
    if (result.command == "--version") {
        result.version = true;
        return result;
    }
    if (result.command != "run" && result.command != "status" && result.command != "hold")
        throw usage_error("unknown command '" + result.command + "'", "");
    const std::string& command = result.command;

    std::size_t i = 1;
    for (; i < args.size(); ++i) {
        std::string option = args[i];
        std::optional<std::string> value;
        if (option == "--")
            break;
        if (option == "--help" || option == "-h") {
            result.help = true;
            return result;
        }
        if (option.size() < 2 || option[0] != '-') { // the path
            if (!result.path.empty() && command == "run")
                throw usage_error("missing '--' before the command '" + option + "'", command);
            if (!result.path.empty())
                throw usage_error("more than one path: '" + result.path + "', '" + option + "'",
                                  command);
            result.path = option;
            continue;
        }
        if (const auto equals = option.find('='); option.rfind("--", 0) == 0 && equals != std::string::npos) {
            value = option.substr(equals + 1);
            option.resize(equals);
        }
        if (const char* name = long_name(option))
            option = name;
        if (!takes(command, option))
            throw usage_error("unknown option '" + args[i] + "'", command);
        const bool needs_value =
            option == "--wait" || option == "--conflict-exit-code" || option == "--content";
        if (needs_value && !value) {
            if (++i == args.size())
                throw usage_error("option '" + option + "' needs a value", command);
            value = args[i];
        } else if (!needs_value && value) {
            throw usage_error("option '" + option + "' takes no value", command);
        }
        if (option == "--shared")
            result.shared = true;
        else if (option == "--nonblock")
            result.nonblock = true;
        else if (option == "--quiet")
            result.quiet = true;
        else if (option == "--json")
            result.json = true;
        else if (option == "--wait")
            result.wait_seconds = parse_seconds(*value, command);
        else if (option == "--conflict-exit-code")
            result.conflict_exit_code = parse_exit_code(*value, command);
        else if (option == "--content")
            result.content = *value;
    }
    if (result.path.empty())
        throw usage_error("no lock file path", command);
    if (command == "run") {
        if (i == args.size())
            throw usage_error("missing '--' before the command", command);
        result.child.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
        if (result.child.empty())
            throw usage_error("no command after '--'", command);
    } else if (i != args.size()) {
        throw usage_error("'" + command + "' runs no command", command);
    }
    return result;
}

} // namespace lockfilectl
