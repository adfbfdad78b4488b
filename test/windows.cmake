# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
# The tests built for Windows (.ci/windows runs them under wine): the suites
# whose behaviour is the same there, and windows.cpp for what is Windows's
# own. The others test POSIX things (fork, FIFOs, symlinks, signals, the
# flock and fcntl peers, inotify, /proc).
target_sources(lockfile_test_support PRIVATE support/child_process_windows.cpp
               support/system_windows.cpp)
# main() is in the static Boost.Test, which the linker reads before it
# knows that the C runtime wants main (it would fall back to WinMain).
target_link_options(lockfile_test_support INTERFACE -Wl,--undefined=main)

set(LOCKFILE_WINDOWS_TESTS
  api
  async_basics
  async_tokens
  content
  examples
  holder_exit
  quick
  shared_mode
  threads
  who_holds
  windows
  zc_doctest
)
foreach(name IN LISTS LOCKFILE_WINDOWS_TESTS)
  lockfile_add_test(${name} $<TARGET_FILE:lock_helper> $<TARGET_FILE:single_instance>)
endforeach()
