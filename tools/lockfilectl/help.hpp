#ifndef LOCKFILECTL_HELP_HPP_INCLUDED
#define LOCKFILECTL_HELP_HPP_INCLUDED

#include <string>

namespace lockfilectl {

// The manual page of a command ("" for the tool itself).
const char* manual(const std::string& command);
// Its one-line synopsis, for usage errors.
const char* synopsis(const std::string& command);

} // namespace lockfilectl

#endif // LOCKFILECTL_HELP_HPP_INCLUDED
