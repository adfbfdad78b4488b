# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
# Cross-compiling for 64-bit Windows with Debian's mingw-w64 (posix threads,
# for std::thread and std::mutex), running what was built with wine64: the
# toolchain of .ci/windows. The cache variable LOCKFILE_WINDOWS_PREFIX
# (-DLOCKFILE_WINDOWS_PREFIX=...) names where the Boost parts built for
# Windows are (include/, lib/).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/lib/wine/wine64) # Debian: no wine64 in PATH

set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 ${LOCKFILE_WINDOWS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Boost's static libraries, found by FindBoost under that prefix; the
# runtime linked in, so that wine needs no DLL of the toolchain.
set(Boost_USE_STATIC_LIBS ON)
set(Boost_NO_BOOST_CMAKE ON)
set(BOOST_ROOT ${LOCKFILE_WINDOWS_PREFIX})
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
