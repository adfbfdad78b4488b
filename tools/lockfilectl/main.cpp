// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// lockfilectl: the library as a command-line tool. See help.cpp, or run
// `lockfilectl --help`. Under the name "flock" it is `lockfilectl run`.

#include "command_line.hpp"
#include "commands.hpp"
#include "help.hpp"

#include <lockfile/version.hpp>

#include <sysexits.h>

#include <iostream>

int main(int argc, char** argv)
{
    using namespace lockfilectl;
    std::string program = argc > 0 ? argv[0] : "lockfilectl";
    program = program.substr(program.find_last_of('/') + 1);
    if (program != "flock")
        program = "lockfilectl";
    try {
        const options options = parse(program, std::vector<std::string>(argv + 1, argv + argc));
        if (options.version) {
            std::cout << (program == "flock" ? "flock (lockfilectl " LOCKFILE_VERSION_STRING ")\n"
                                             : "lockfilectl " LOCKFILE_VERSION_STRING "\n");
            return 0;
        }
        if (options.help) {
            std::cout << manual(options.command);
            return 0;
        }
        if (options.etcd_endpoints) {
#if defined(LOCKFILECTL_WITH_ETCD)
            if (options.command == "run")
                return etcd_run_command(options);
            if (options.command == "status")
                return etcd_status_command(options);
            return etcd_hold_command(options);
#else
            std::cerr << program << ": --etcd: built without lockfile::etcd (it needs "
                      << "nlohmann/json: Debian's nlohmann-json3-dev)\n";
            return EX_UNAVAILABLE;
#endif
        }
        if (options.command == "run")
            return run_command(options);
        if (options.command == "status")
            return status_command(options);
        return hold_command(options);
    } catch (const command_line_error& e) {
        std::cerr << program << ": " << e.what() << "\n";
        if (e.status == EX_USAGE)
            std::cerr << synopsis(program, e.command);
        return e.status;
    } catch (const std::exception& e) {
        std::cerr << program << ": " << e.what() << "\n";
        return EX_SOFTWARE;
    }
}
