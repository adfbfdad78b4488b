// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_PATH_ARG_HPP_INCLUDED
#define LOCKFILE_PATH_ARG_HPP_INCLUDED

// One parameter type for paths, so that Boost.Filesystem paths,
// std::filesystem paths and strings are all accepted without ambiguous
// overloads (a string converts to both path types).

#include <boost/filesystem/path.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>

namespace lockfile {

class path_arg {
public:
    path_arg(const boost::filesystem::path& path) : path_(path) {}
    path_arg(const std::filesystem::path& path) : path_(path.native()) {}

    // String literals, std::string, std::string_view, const char*.
    template <class String,
              std::enable_if_t<std::is_convertible_v<const String&, std::string_view>, int> = 0>
    path_arg(const String& path) : path_(std::string(std::string_view(path)))
    {
    }

    // Wide strings: on Windows the path's own encoding, so every name can be
    // spelled (a narrow string is read in the ANSI code page there, as
    // Boost.Filesystem reads it).
    template <class String,
              std::enable_if_t<std::is_convertible_v<const String&, std::wstring_view>, int> = 0>
    path_arg(const String& path) : path_(std::wstring(std::wstring_view(path)))
    {
    }

    const boost::filesystem::path& get() const noexcept { return path_; }

private:
    boost::filesystem::path path_;
};

} // namespace lockfile

#endif // LOCKFILE_PATH_ARG_HPP_INCLUDED
