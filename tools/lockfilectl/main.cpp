// lockfilectl: the library as a command-line tool. See help.cpp, or run
// `lockfilectl --help`.

#include "command_line.hpp"
#include "commands.hpp"
#include "help.hpp"

#include <lockfile/version.hpp>

#include <iostream>

int main(int argc, char** argv)
{
    using namespace lockfilectl;
    try {
        const options options = parse(std::vector<std::string>(argv + 1, argv + argc));
        if (options.version) {
            std::cout << "lockfilectl " LOCKFILE_VERSION_STRING "\n";
            return 0;
        }
        if (options.help) {
            std::cout << manual(options.command);
            return 0;
        }
        if (options.command == "run")
            return run_command(options);
        if (options.command == "status")
            return status_command(options);
        return hold_command(options);
    } catch (const usage_error& e) {
        std::cerr << "lockfilectl: " << e.what() << "\n" << synopsis(e.command) << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lockfilectl: " << e.what() << "\n";
        return 2;
    }
}
