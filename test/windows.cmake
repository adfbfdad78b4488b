# Copyright (c) 2026 The lockfile developers
# SPDX-License-Identifier: BSL-1.0
# The test support for Windows (.ci/windows runs the suites labelled
# `windows` in suites.jam under wine: those whose behaviour is the same
# there, and windows.cpp for what is Windows's own).
target_sources(lockfile_test_support PRIVATE support/child_process_windows.cpp
               support/system_windows.cpp)
# main() is in the static Boost.Test, which the linker reads before it
# knows that the C runtime wants main (it would fall back to WinMain).
target_link_options(lockfile_test_support INTERFACE -Wl,--undefined=main)
