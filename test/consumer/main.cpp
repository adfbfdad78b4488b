// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A user's program: it only includes the library and takes one lock.
#include <lockfile.hpp>

#include <iostream>

int main(int argc, char** argv)
{
    const char* path = argc > 1 ? argv[1] : "consumer.lock";
    lockfile::lock_file lock(path);
    std::cout << "locked by " << lockfile::who_holds(path).pid.value_or(0) << "\n";
    return lock.owns_lock() ? 0 : 1;
}
