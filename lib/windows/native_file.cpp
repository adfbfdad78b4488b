// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Opening, identifying, reading and writing lock files on Windows.
#include "../native_file.hpp"

#include <lockfile/error.hpp>

#include <windows.h>

#include <limits>

namespace lockfile {
namespace detail {

namespace {

boost::system::error_code error_of(DWORD code)
{
    return {static_cast<int>(code), boost::system::system_category()};
}

// Never following a reparse point (a symlink or junction): the lock is on
// what the path itself names, as O_NOFOLLOW makes it on POSIX.
constexpr DWORD no_follow = FILE_FLAG_OPEN_REPARSE_POINT;

// The file's attributes and identity, in one call.
bool identify(HANDLE file, file_id& id, DWORD& attributes, boost::system::error_code& ec)
{
    BY_HANDLE_FILE_INFORMATION info{};
    if (!::GetFileInformationByHandle(file, &info)) {
        ec = last_system_error();
        return false;
    }
    id = {info.dwVolumeSerialNumber,
          (std::uint64_t(info.nFileIndexHigh) << 32) | info.nFileIndexLow};
    attributes = info.dwFileAttributes;
    return true;
}

// Refuses anything but a regular file on a disk: a device ("NUL", "COM1"),
// a pipe; a reparse point (a symbolic link, a junction) is error::symbolic_link,
// as on POSIX. (A directory never gets here: without backup
// semantics, which only identify_path asks for, it cannot be opened.)
HANDLE keep_if_regular(HANDLE file, file_id& id, boost::system::error_code& ec)
{
    DWORD attributes = 0;
    if (::GetFileType(file) != FILE_TYPE_DISK) {
        ec = make_error_code(error::not_a_regular_file);
    } else if (identify(file, id, attributes, ec)) {
        if (!(attributes & FILE_ATTRIBUTE_REPARSE_POINT)) {
            ec.clear();
            return file;
        }
        ec = make_error_code(error::symbolic_link);
    }
    ::CloseHandle(file);
    return invalid_file();
}

HANDLE open_or_error(const boost::filesystem::path& path, DWORD access, DWORD share,
                     DWORD disposition, DWORD flags, boost::system::error_code& ec)
{
    const HANDLE file = ::CreateFileW(path.c_str(), access, share, nullptr, disposition,
                                      FILE_ATTRIBUTE_NORMAL | flags, nullptr);
    if (file != INVALID_HANDLE_VALUE)
        return file;
    const DWORD code = ::GetLastError();
    // Windows reports a directory as "access denied", which would send the
    // user looking at permissions.
    const auto is_directory = [&] {
        const DWORD attributes = ::GetFileAttributesW(path.c_str());
        return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY);
    };
    if (code == ERROR_ACCESS_DENIED && is_directory())
        ec = make_error_code(boost::system::errc::is_a_directory);
    else
        ec = error_of(code);
    return file;
}

OVERLAPPED at_offset(std::uint64_t offset)
{
    OVERLAPPED where{};
    where.Offset = static_cast<DWORD>(offset);
    where.OffsetHigh = static_cast<DWORD>(offset >> 32);
    return where;
}

DWORD chunk_size(std::size_t left)
{
    return static_cast<DWORD>(std::min<std::size_t>(left, std::numeric_limits<DWORD>::max()));
}

} // namespace

boost::system::error_code last_system_error()
{
    return error_of(::GetLastError());
}

bool identify_path(const boost::filesystem::path& path, file_id& id, boost::system::error_code& ec)
{
    // No access asked: this opens even a file that another process opened
    // without sharing, and a directory (backup semantics).
    const HANDLE file =
        open_or_error(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      OPEN_EXISTING, no_follow | FILE_FLAG_BACKUP_SEMANTICS, ec);
    if (file == INVALID_HANDLE_VALUE)
        return false;
    DWORD attributes = 0;
    const bool known = identify(file, id, attributes, ec);
    ::CloseHandle(file);
    if (known)
        ec.clear();
    return known;
}

native_file open_lock_file(const boost::filesystem::path& path, boost::filesystem::perms,
                           lock_mode, file_id& id, boost::system::error_code& write_refused,
                           boost::system::error_code& ec)
{
    write_refused.clear();
    // Shared for reading and writing, so that others can read the content
    // and lock the file, but not for deleting: while the library has the
    // file open, nobody can delete or replace it.
    const HANDLE file =
        open_or_error(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                      OPEN_ALWAYS, no_follow, ec);
    if (file == INVALID_HANDLE_VALUE) {
        // Another program has the file open without sharing it: held, as
        // far as a lock is concerned.
        if (ec == error_of(ERROR_SHARING_VIOLATION))
            ec = make_error_code(error::already_locked);
        return invalid_file();
    }
    return keep_if_regular(file, id, ec);
}

native_file open_for_reading(const boost::filesystem::path& path, file_id& id,
                             boost::system::error_code& ec)
{
    const HANDLE file =
        open_or_error(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      OPEN_EXISTING, no_follow, ec);
    return file == INVALID_HANDLE_VALUE ? invalid_file() : keep_if_regular(file, id, ec);
}

std::string read_all(native_file file, boost::system::error_code& ec)
{
    std::string content;
    std::uint64_t offset = 0;
    char buffer[4096];
    for (;;) {
        OVERLAPPED where = at_offset(offset);
        DWORD n = 0;
        if (!::ReadFile(file, buffer, sizeof buffer, &n, &where)) {
            const DWORD code = ::GetLastError();
            if (code == ERROR_HANDLE_EOF)
                break;
            if (code == ERROR_LOCK_VIOLATION && offset == 0) {
                offset = 1; // byte 0 is another handle's lock
                continue;
            }
            ec = error_of(code);
            return {};
        }
        if (n == 0)
            break;
        content.append(buffer, n);
        offset += n;
    }
    ec.clear();
    return content;
}

void replace_content(native_file file, std::string_view content, boost::system::error_code& ec)
{
    std::size_t written = 0;
    while (written < content.size()) {
        OVERLAPPED where = at_offset(written);
        DWORD n = 0;
        if (!::WriteFile(file, content.data() + written, chunk_size(content.size() - written), &n,
                         &where)) {
            ec = last_system_error();
            return;
        }
        written += n;
    }
    FILE_END_OF_FILE_INFO end{};
    end.EndOfFile.QuadPart = static_cast<LONGLONG>(content.size());
    if (!::SetFileInformationByHandle(file, FileEndOfFileInfo, &end, sizeof end)) {
        ec = last_system_error();
        return;
    }
    ec.clear();
}

void close_file(native_file file, boost::system::error_code& ec)
{
    if (::CloseHandle(file))
        ec.clear();
    else
        ec = last_system_error();
}

} // namespace detail
} // namespace lockfile
