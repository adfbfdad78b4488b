#include "commands.hpp"

#include <lockfile/error.hpp>
#include <lockfile/lock_status.hpp>
#include <lockfile/who_holds.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace lockfilectl {

namespace {

std::string json_string(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

const char* mode_name(lockfile::lock_mode mode)
{
    return mode == lockfile::lock_mode::shared ? "shared" : "exclusive";
}

void print_json(const std::string& path, const lockfile::lock_status& status,
                const lockfile::holder_info& holder)
{
    std::ostringstream pids;
    for (std::size_t i = 0; i < status.pids.size(); ++i)
        pids << (i ? "," : "") << status.pids[i];
    std::cout << "{\"path\":" << json_string(path)
              << ",\"locked\":" << (status.locked ? "true" : "false") << ",\"mode\":"
              << (status.locked ? json_string(mode_name(status.mode)) : "null") << ",\"pids\":["
              << pids.str() << "],\"pid\":"
              << (holder.pid ? std::to_string(*holder.pid) : "null")
              << ",\"hostname\":" << json_string(holder.hostname)
              << ",\"content\":" << json_string(holder.content) << "}\n";
}

void print_text(const std::string& path, const lockfile::lock_status& status,
                const lockfile::holder_info& holder)
{
    std::cout << path << ": " << (status.locked ? "locked" : "free");
    if (status.locked) {
        std::cout << " (" << mode_name(status.mode) << ") by pid";
        for (const long pid : status.pids)
            std::cout << " " << pid;
    }
    std::cout << "\n";
    if (holder.pid)
        std::cout << "last written by pid " << *holder.pid
                  << (holder.hostname.empty() ? "" : " on " + holder.hostname) << "\n";
    std::cout << "content: " << json_string(holder.content) << "\n";
}

} // namespace

int status_command(const options& options)
{
    boost::system::error_code ec;
    const lockfile::lock_status status = lockfile::query_lock(options.path, ec);
    if (ec && ec != boost::system::errc::no_such_file_or_directory) {
        std::cerr << "lockfilectl: " << lockfile::lock_error(ec, options.path, "query").what()
                  << "\n";
        return 2;
    }
    // A missing file is free; what a holder wrote is read only if it is there.
    const lockfile::holder_info holder =
        ec ? lockfile::holder_info{} : lockfile::who_holds(options.path, ec);
    if (options.json)
        print_json(options.path, status, holder);
    else
        print_text(options.path, status, holder);
    return status.locked ? 1 : 0;
}

} // namespace lockfilectl
