# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
# Whether Asio's C++20 coroutines (co_spawn, use_awaitable) build with this
# compiler, for the example and the test cases that use them. Boost 1.74's
# Asio turns them on only for g++ and for clang with libc++; clang with
# libstdc++ has them too once told (BOOST_ASIO_HAS_CO_AWAIT and
# BOOST_ASIO_HAS_STD_COROUTINE), which newer Boosts detect by themselves.
include(CheckCXXSourceCompiles)

set(LOCKFILE_COROUTINE_PROBE [[
#include <utility>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
boost::asio::awaitable<void> nothing() { co_return; }
int main()
{
    boost::asio::io_context io;
    boost::asio::co_spawn(io, nothing(), boost::asio::detached);
    io.run();
}
]])
set(LOCKFILE_ASIO_COROUTINE_DEFINITIONS BOOST_ASIO_HAS_CO_AWAIT BOOST_ASIO_HAS_STD_COROUTINE)

set(CMAKE_REQUIRED_FLAGS -std=c++20)
set(CMAKE_REQUIRED_INCLUDES ${Boost_INCLUDE_DIRS})
set(CMAKE_REQUIRED_LIBRARIES Threads::Threads)
set(CMAKE_REQUIRED_QUIET ON)
check_cxx_source_compiles("${LOCKFILE_COROUTINE_PROBE}" LOCKFILE_ASIO_COROUTINES)
if(NOT LOCKFILE_ASIO_COROUTINES)
  list(TRANSFORM LOCKFILE_ASIO_COROUTINE_DEFINITIONS PREPEND -D OUTPUT_VARIABLE CMAKE_REQUIRED_DEFINITIONS)
  check_cxx_source_compiles("${LOCKFILE_COROUTINE_PROBE}" LOCKFILE_ASIO_COROUTINES_WHEN_TOLD)
  if(LOCKFILE_ASIO_COROUTINES_WHEN_TOLD)
    message(STATUS "lockfile: Asio's coroutines enabled by hand for this compiler")
  else()
    message(STATUS "lockfile: no Asio coroutines with this compiler: the standby_server example "
                   "and the coroutine test cases are skipped")
  endif()
endif()
unset(CMAKE_REQUIRED_FLAGS)
unset(CMAKE_REQUIRED_INCLUDES)
unset(CMAKE_REQUIRED_LIBRARIES)
unset(CMAKE_REQUIRED_DEFINITIONS)
unset(CMAKE_REQUIRED_QUIET)

# Makes `target` (C++20) able to use Asio's coroutines; sets `result` to
# whether it can.
function(lockfile_use_coroutines target result)
  target_compile_features(${target} PRIVATE cxx_std_20)
  if(LOCKFILE_ASIO_COROUTINES)
    set(${result} ON PARENT_SCOPE)
  elseif(LOCKFILE_ASIO_COROUTINES_WHEN_TOLD)
    target_compile_definitions(${target} PRIVATE ${LOCKFILE_ASIO_COROUTINE_DEFINITIONS})
    set(${result} ON PARENT_SCOPE)
  else()
    set(${result} OFF PARENT_SCOPE)
  endif()
endfunction()
