// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILECTL_STDIN_END_HPP_INCLUDED
#define LOCKFILECTL_STDIN_END_HPP_INCLUDED

// hold's end: standard input reaching its end.

#include <boost/asio/io_context.hpp>

#include <memory>

namespace lockfilectl {

// Stops io once standard input ends. Standard input may be a file or
// /dev/null, which no reactor can watch: a detached thread reads it to its
// end, and keeps io alive for as long as it needs it.
void stop_at_end_of_input(std::shared_ptr<boost::asio::io_context> io);

} // namespace lockfilectl

#endif // LOCKFILECTL_STDIN_END_HPP_INCLUDED
