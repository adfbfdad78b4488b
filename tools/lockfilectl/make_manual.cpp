// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// Prints lockfilectl's man page (roff) from the text its --help shows; the
// build writes it to lockfilectl.1.

#include "help.hpp"

#include <lockfile/version.hpp>

#include <iostream>

int main()
{
    std::cout << lockfilectl::roff_manual(LOCKFILE_VERSION_STRING);
    return std::cout.good() ? 0 : 1;
}
