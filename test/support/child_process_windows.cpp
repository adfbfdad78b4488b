// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Helper processes on Windows: CreateProcess with pipes, wait.
#include "child_process.hpp"

#include <windows.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace lockfile_test {

namespace {

[[noreturn]] void fail(const std::string& what)
{
    throw std::runtime_error(what + ": error " + std::to_string(::GetLastError()));
}

std::wstring widen(const std::string& utf8)
{
    const int n =
        ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
    std::wstring wide(static_cast<std::size_t>(n), L'\0');
    ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), wide.data(), n);
    return wide;
}

// Under wine the build's absolute Unix paths ("/work/...") are reached
// through drive Z:, which maps the Unix root.
std::wstring program_path(const std::string& path)
{
    return widen(!path.empty() && path[0] == '/' ? "Z:" + path : path);
}

// One argument, quoted as the C runtime's parser reads it back.
void append_quoted(std::wstring& line, const std::wstring& arg)
{
    line += L'"';
    std::size_t backslashes = 0;
    for (const wchar_t c : arg) {
        if (c == L'\\') {
            ++backslashes;
            continue;
        }
        // Backslashes before a quote are doubled, and the quote escaped.
        line.append(c == L'"' ? 2 * backslashes + 1 : backslashes, L'\\');
        backslashes = 0;
        line += c;
    }
    line.append(2 * backslashes, L'\\');
    line += L'"';
}

// This process's environment, with `extra` ("NAME=value") replacing
// variables of the same name, as CreateProcessW wants it.
std::wstring environment_block(const std::vector<std::string>& extra)
{
    std::vector<std::wstring> added;
    for (const auto& variable : extra)
        added.push_back(widen(variable));
    std::wstring block;
    const auto replaced = [&](const std::wstring& inherited) {
        for (const auto& variable : added)
            if (inherited.compare(0, variable.find(L'=') + 1, variable, 0,
                                  variable.find(L'=') + 1) == 0)
                return true;
        return false;
    };
    wchar_t* const inherited = ::GetEnvironmentStringsW();
    for (const wchar_t* v = inherited; *v; v += std::wcslen(v) + 1)
        if (!replaced(v))
            block.append(v).push_back(L'\0');
    ::FreeEnvironmentStringsW(inherited);
    for (const auto& variable : added)
        block.append(variable).push_back(L'\0');
    block.push_back(L'\0');
    return block;
}

// Handles are inherited by every process created while they are
// inheritable: they are made so only while this process creates one, so
// that a helper never keeps another helper's standard input open.
std::mutex creation;

} // namespace

child_process::child_process(std::vector<std::string> argv,
                             const std::vector<std::string>& environment, bool merge_stderr)
{
    static std::atomic<unsigned> pipes{0};
    const std::wstring pipe_name = L"\\\\.\\pipe\\lockfile-test-" +
                                   std::to_wstring(::GetCurrentProcessId()) + L"-" +
                                   std::to_wstring(pipes++);
    // Its standard output: a named pipe, whose end here is overlapped so
    // that reading it can time out.
    stdout_ = ::CreateNamedPipeW(pipe_name.c_str(),
                                 PIPE_ACCESS_INBOUND | FILE_FLAG_OVERLAPPED |
                                     FILE_FLAG_FIRST_PIPE_INSTANCE,
                                 PIPE_TYPE_BYTE | PIPE_WAIT, 1, 4096, 4096, 0, nullptr);
    if (stdout_ == INVALID_HANDLE_VALUE)
        fail("CreateNamedPipeW");
    HANDLE child_out =
        ::CreateFileW(pipe_name.c_str(), GENERIC_WRITE, 0, nullptr, OPEN_EXISTING, 0, nullptr);
    HANDLE child_in = nullptr;
    if (child_out == INVALID_HANDLE_VALUE || !::CreatePipe(&child_in, &stdin_, nullptr, 0))
        fail("the pipes of " + argv[0]);

    std::wstring command_line;
    for (const auto& arg : argv) {
        if (!command_line.empty())
            command_line += L' ';
        append_quoted(command_line, &arg == &argv.front() ? program_path(arg) : widen(arg));
    }
    std::wstring env = environment_block(environment);

    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = child_in;
    startup.hStdOutput = child_out;
    startup.hStdError = merge_stderr ? child_out : ::GetStdHandle(STD_ERROR_HANDLE);
    PROCESS_INFORMATION info{};
    BOOL created;
    {
        std::lock_guard<std::mutex> guard(creation);
        ::SetHandleInformation(child_in, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
        ::SetHandleInformation(child_out, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
        created =
            ::CreateProcessW(nullptr, command_line.data(), nullptr, nullptr, TRUE,
                             CREATE_UNICODE_ENVIRONMENT, env.data(), nullptr, &startup, &info);
    }
    ::CloseHandle(child_in);
    ::CloseHandle(child_out);
    if (!created)
        fail("CreateProcessW " + argv[0]);
    ::CloseHandle(info.hThread);
    process_ = info.hProcess;
    pid_ = static_cast<long>(info.dwProcessId);
}

child_process::child_process(child_process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), process_(std::exchange(other.process_, nullptr)),
      stdin_(std::exchange(other.stdin_, nullptr)), stdout_(std::exchange(other.stdout_, nullptr)),
      buffer_(std::move(other.buffer_))
{
}

child_process::~child_process()
{
    close_stdin();
    if (process_) {
        ::TerminateProcess(process_, terminated_status);
        ::WaitForSingleObject(process_, INFINITE);
        ::CloseHandle(process_);
    }
    if (stdout_)
        ::CloseHandle(stdout_);
}

bool child_process::read_some(std::chrono::steady_clock::time_point deadline)
{
    char chunk[256];
    OVERLAPPED read{};
    read.hEvent = ::CreateEventW(nullptr, TRUE, FALSE, nullptr);
    DWORD n = 0;
    bool done = ::ReadFile(stdout_, chunk, sizeof chunk, &n, &read);
    if (!done && ::GetLastError() == ERROR_IO_PENDING) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const auto wait_ms = static_cast<DWORD>(std::max<long long>(left.count(), 0));
        if (::WaitForSingleObject(read.hEvent, wait_ms) != WAIT_OBJECT_0)
            ::CancelIo(stdout_);
        done = ::GetOverlappedResult(stdout_, &read, &n, TRUE);
    }
    const DWORD error = done ? 0 : ::GetLastError();
    ::CloseHandle(read.hEvent);
    if (error == ERROR_OPERATION_ABORTED)
        throw std::runtime_error("nothing more from the process in time; got '" + buffer_ + "'");
    if (!done || n == 0) // ERROR_BROKEN_PIPE: its output ended
        return false;
    buffer_.append(chunk, n);
    return true;
}

void child_process::write_line(const std::string& line)
{
    const std::string text = line + "\n";
    DWORD n = 0;
    if (!::WriteFile(stdin_, text.data(), static_cast<DWORD>(text.size()), &n, nullptr) ||
        n != text.size())
        fail("write to the process");
}

void child_process::close_stdin()
{
    if (stdin_)
        ::CloseHandle(stdin_);
    stdin_ = nullptr;
}

void child_process::terminate()
{
    if (!process_) // reaped by wait()
        return;
    if (!::TerminateProcess(process_, terminated_status))
        fail("TerminateProcess");
}

int child_process::wait()
{
    DWORD status = 0;
    if (::WaitForSingleObject(process_, INFINITE) != WAIT_OBJECT_0 ||
        !::GetExitCodeProcess(process_, &status))
        fail("wait for the process");
    ::CloseHandle(process_);
    process_ = nullptr;
    pid_ = -1;
    return static_cast<int>(status);
}

} // namespace lockfile_test
